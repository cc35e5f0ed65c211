package awsapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
)

func (ts *testServer) sns(cfg aws.Config) *sns.Client {
	return sns.NewFromConfig(cfg, func(o *sns.Options) { o.BaseEndpoint = aws.String(ts.srv.URL()) })
}

// TestSNSThroughSDK drives the SNS subset with the AWS SDK's SNS client:
// topics of the caller's account, AWS's shapes, and AWS's error codes.
func TestSNSThroughSDK(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ts.org()
	ctx := context.Background()
	acct := ts.account("workload")
	c := ts.sns(ts.assume(acct))
	other := ts.sns(ts.mgmt())

	out := try(c.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("alarms"), Attributes: map[string]string{"DisplayName": "Alarms"},
		Tags: []snstypes.Tag{{Key: aws.String("team"), Value: aws.String("ops")}}})).must(t)
	arn := *out.TopicArn
	if want := "arn:aws:sns:us-east-1:" + acct + ":alarms"; arn != want {
		t.Fatalf("TopicArn %s, want %s", arn, want)
	}
	again := try(c.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("alarms")})).must(t)
	if *again.TopicArn != arn {
		t.Errorf("CreateTopic again: %s", *again.TopicArn)
	}
	list := try(c.ListTopics(ctx, &sns.ListTopicsInput{})).must(t)
	if len(list.Topics) != 1 || *list.Topics[0].TopicArn != arn {
		t.Errorf("ListTopics: %+v", list.Topics)
	}
	if l := try(other.ListTopics(ctx, &sns.ListTopicsInput{})).must(t); len(l.Topics) != 0 {
		t.Errorf("another account lists %d topics", len(l.Topics))
	}
	attrs := try(c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})).must(t)
	if attrs.Attributes["DisplayName"] != "Alarms" || attrs.Attributes["Owner"] != acct || attrs.Attributes["TopicArn"] != arn {
		t.Errorf("GetTopicAttributes: %v", attrs.Attributes)
	}
	pub := try(c.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(arn), Message: aws.String("hello"), Subject: aws.String("greeting"),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{"severity": {DataType: aws.String("String"), StringValue: aws.String("high")}}})).must(t)
	if pub.MessageId == nil || len(*pub.MessageId) != 36 {
		t.Errorf("MessageId %v", pub.MessageId)
	}
	batch := try(c.PublishBatch(ctx, &sns.PublishBatchInput{TopicArn: aws.String(arn), PublishBatchRequestEntries: []snstypes.PublishBatchRequestEntry{
		{Id: aws.String("one"), Message: aws.String("1")}, {Id: aws.String("two"), Message: aws.String("")}}})).must(t)
	if len(batch.Successful) != 1 || *batch.Successful[0].Id != "one" || len(batch.Failed) != 1 || *batch.Failed[0].Code != "InvalidParameter" || !batch.Failed[0].SenderFault {
		t.Errorf("PublishBatch: %+v %+v", batch.Successful, batch.Failed)
	}
	try(c.TagResource(ctx, &sns.TagResourceInput{ResourceArn: aws.String(arn), Tags: []snstypes.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}})).must(t)
	try(c.UntagResource(ctx, &sns.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"team"}})).must(t)
	tags := try(c.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})).must(t)
	if len(tags.Tags) != 1 || *tags.Tags[0].Key != "env" {
		t.Errorf("tags %+v", tags.Tags)
	}

	errs := []struct {
		name string
		call func() error
		code string
		msg  string
	}{
		{"publish to no topic", func() error {
			_, err := c.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(arn + "x"), Message: aws.String("x")})
			return err
		}, "NotFound", "Topic does not exist"},
		{"another account's topic", func() error {
			_, err := other.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(arn), Message: aws.String("x")})
			return err
		}, "AuthorizationError", "is not authorized to perform: SNS:Publish"},
		{"empty message", func() error {
			_, err := c.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(arn), Message: aws.String("")})
			return err
		}, "InvalidParameter", "Empty message"},
		{"SMS", func() error {
			_, err := c.Publish(ctx, &sns.PublishInput{PhoneNumber: aws.String("+15555550100"), Message: aws.String("x")})
			return err
		}, "InvalidParameter", "PhoneNumber"},
		{"bad topic name", func() error {
			_, err := c.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("a b")})
			return err
		}, "InvalidParameter", "Topic Name"},
		{"attribute type", func() error {
			_, err := c.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(arn), Message: aws.String("x"),
				MessageAttributes: map[string]snstypes.MessageAttributeValue{"a": {DataType: aws.String("Text"), StringValue: aws.String("v")}}})
			return err
		}, "ParameterValueInvalid", "invalid message attribute type"},
		{"attributes of no topic", func() error {
			_, err := c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn + "x")})
			return err
		}, "NotFound", "Topic does not exist"},
		{"tags of no topic", func() error {
			_, err := c.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn + "x")})
			return err
		}, "ResourceNotFound", "Resource does not exist"},
		{"empty batch", func() error {
			_, err := c.PublishBatch(ctx, &sns.PublishBatchInput{TopicArn: aws.String(arn), PublishBatchRequestEntries: []snstypes.PublishBatchRequestEntry{}})
			return err
		}, "EmptyBatchRequest", "doesn't contain any entries"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil {
				t.Fatal("no error")
			}
			if got := apiCode(t, err); got != tc.code || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("%s: %v; want %s with %q", tc.name, err, tc.code, tc.msg)
			}
		})
	}
	try(c.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: aws.String(arn)})).must(t)
	if l := try(c.ListTopics(ctx, &sns.ListTopicsInput{})).must(t); len(l.Topics) != 0 {
		t.Errorf("after DeleteTopic: %+v", l.Topics)
	}
}
