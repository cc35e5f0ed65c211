package awsapi_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/smithy-go"
)

// actionsTemplate is a stack of n custom actions named prefix-0 ... .
func actionsTemplate(prefix string, n int) string {
	var b strings.Builder
	b.WriteString(`{"Resources":{`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"A%d":{"Type":"AWS::Chatbot::CustomAction","Properties":{"ActionName":"%s-%d","Definition":{"CommandText":"sts get-caller-identity"}}}`, i, prefix, i)
	}
	b.WriteString("}}")
	return b.String()
}

// pages walks a paginator to its end: the number of pages and the keys
// of the items, which must not repeat.
func pages[O any](t *testing.T, more func() bool, next func(context.Context) (O, error), keys func(O) []string) (int, []string) {
	t.Helper()
	n, seen, all := 0, map[string]bool{}, []string{}
	for more() {
		out, err := next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n++
		for _, k := range keys(out) {
			if seen[k] {
				t.Fatalf("page %d repeats %s", n, k)
			}
			seen[k] = true
			all = append(all, k)
		}
	}
	return n, all
}

// TestCloudFormationPaging walks the SDK's paginators of DescribeStacks,
// ListStacks, DescribeStackEvents, ListStackResources and ListChangeSets
// over lists longer than a page (100 items); a token that is not the
// list's is a ValidationError.
func TestCloudFormationPaging(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.cloudformation(ts.mgmt())
	try(c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("big"), TemplateBody: aws.String(actionsTemplate("big", 101))})).must(t)
	for i := range 100 {
		try(c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String(fmt.Sprintf("s%d", i)),
			TemplateBody: aws.String(actionsTemplate(fmt.Sprintf("s%d", i), 1))})).must(t)
	}
	for i := range 101 {
		try(c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("big"), ChangeSetName: aws.String(fmt.Sprintf("cs%d", i)),
			TemplateBody: aws.String(actionsTemplate("big", 102))})).must(t)
	}

	ds := cloudformation.NewDescribeStacksPaginator(c, &cloudformation.DescribeStacksInput{})
	n, stacks := pages(t, ds.HasMorePages, func(ctx context.Context) (*cloudformation.DescribeStacksOutput, error) { return ds.NextPage(ctx) },
		func(o *cloudformation.DescribeStacksOutput) (k []string) {
			for _, s := range o.Stacks {
				k = append(k, aws.ToString(s.StackId))
			}
			return k
		})
	if n != 2 || len(stacks) != 101 {
		t.Errorf("DescribeStacks: %d pages, %d stacks", n, len(stacks))
	}
	ls := cloudformation.NewListStacksPaginator(c, &cloudformation.ListStacksInput{})
	n, stacks = pages(t, ls.HasMorePages, func(ctx context.Context) (*cloudformation.ListStacksOutput, error) { return ls.NextPage(ctx) },
		func(o *cloudformation.ListStacksOutput) (k []string) {
			for _, s := range o.StackSummaries {
				k = append(k, aws.ToString(s.StackId))
			}
			return k
		})
	if n != 2 || len(stacks) != 101 {
		t.Errorf("ListStacks: %d pages, %d stacks", n, len(stacks))
	}
	ev := cloudformation.NewDescribeStackEventsPaginator(c, &cloudformation.DescribeStackEventsInput{StackName: aws.String("big")})
	n, events := pages(t, ev.HasMorePages, func(ctx context.Context) (*cloudformation.DescribeStackEventsOutput, error) { return ev.NextPage(ctx) },
		func(o *cloudformation.DescribeStackEventsOutput) (k []string) {
			for _, e := range o.StackEvents {
				k = append(k, aws.ToString(e.EventId))
			}
			return k
		})
	// Two events of the stack, two of each of its 101 resources.
	if n != 3 || len(events) != 204 {
		t.Errorf("DescribeStackEvents: %d pages, %d events", n, len(events))
	}
	rs := cloudformation.NewListStackResourcesPaginator(c, &cloudformation.ListStackResourcesInput{StackName: aws.String("big")})
	n, resources := pages(t, rs.HasMorePages, func(ctx context.Context) (*cloudformation.ListStackResourcesOutput, error) { return rs.NextPage(ctx) },
		func(o *cloudformation.ListStackResourcesOutput) (k []string) {
			for _, r := range o.StackResourceSummaries {
				k = append(k, aws.ToString(r.LogicalResourceId))
			}
			return k
		})
	if n != 2 || len(resources) != 101 {
		t.Errorf("ListStackResources: %d pages, %d resources", n, len(resources))
	}
	cs := cloudformation.NewListChangeSetsPaginator(c, &cloudformation.ListChangeSetsInput{StackName: aws.String("big")})
	n, sets := pages(t, cs.HasMorePages, func(ctx context.Context) (*cloudformation.ListChangeSetsOutput, error) { return cs.NextPage(ctx) },
		func(o *cloudformation.ListChangeSetsOutput) (k []string) {
			for _, s := range o.Summaries {
				k = append(k, aws.ToString(s.ChangeSetId))
			}
			return k
		})
	if n != 2 || len(sets) != 101 {
		t.Errorf("ListChangeSets: %d pages, %d change sets", n, len(sets))
	}

	// A token of another list, or not a token at all, is refused.
	first := try(c.ListStacks(ctx, &cloudformation.ListStacksInput{})).must(t)
	for name, call := range map[string]func() error{
		"garbage": func() error {
			_, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{NextToken: aws.String("not a token")})
			return err
		},
		"ListStacks token to DescribeStackEvents": func() error {
			_, err := c.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String("big"), NextToken: first.NextToken})
			return err
		},
		"another stack's token": func() error {
			page := try(c.ListStackResources(ctx, &cloudformation.ListStackResourcesInput{StackName: aws.String("big")})).must(t)
			_, err := c.ListStackResources(ctx, &cloudformation.ListStackResourcesInput{StackName: aws.String("s0"), NextToken: page.NextToken})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			var ae smithy.APIError
			if err := call(); err == nil || !errors.As(err, &ae) || ae.ErrorCode() != "ValidationError" || !strings.Contains(ae.ErrorMessage(), "NextToken") {
				t.Errorf("got %v, want a ValidationError naming NextToken", err)
			}
		})
	}
}
