package awsapi_test

// Requests refused before any operation runs: headers outside the
// signature, and bodies over the limit.

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chatgov/chatgov/internal/config"
)

// TestUnsignedAmzHeaders checks that every x-amz-* header a request
// carries must be signed: a header added after signing is outside the
// signature, so whoever holds a captured request could set it. Each case
// signs a request and then adds a header the signature does not list.
func TestUnsignedAmzHeaders(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ts.org()
	member := ts.account("member")
	url := ts.srv.URL()
	ctx := context.Background()
	out := try(ts.sts(ts.mgmt()).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("ops")})).must(t)
	cr := out.Credentials

	// organizations builds a request for the Organizations protocol whose
	// signature covers only what is set before signing.
	organizationsReq := func(target, body string, before, after map[string]string, key, secret string) *http.Request {
		req, err := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		if target != "" {
			req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128."+target)
		}
		for k, v := range before {
			req.Header.Set(k, v)
		}
		sign(t, req, body, key, secret, "", "organizations", ts.clock.now())
		for k, v := range after {
			req.Header.Set(k, v)
		}
		return req
	}
	tests := []struct {
		name      string
		req       *http.Request
		unsigned  string
		wantError bool
	}{
		{"all signed", organizationsReq("DescribeOrganization", "{}", nil, nil, rootKey, rootSecret), "", false},
		// Signed without a target, then sent to any operation that takes
		// the same body: today's replay of a captured request.
		{"X-Amz-Target", organizationsReq("", "{}", nil, map[string]string{"X-Amz-Target": "AWSOrganizationsV20161128.DescribeOrganization"}, rootKey, rootSecret),
			"x-amz-target", true},
		{"X-Amz-Target swapped", organizationsReq("", "{}", nil, map[string]string{"X-Amz-Target": "AWSOrganizationsV20161128.DeleteOrganization"}, rootKey, rootSecret),
			"x-amz-target", true},
		{"X-Amz-Security-Token", organizationsReq("DescribeOrganization", "{}", nil, map[string]string{"X-Amz-Security-Token": *cr.SessionToken},
			*cr.AccessKeyId, *cr.SecretAccessKey), "x-amz-security-token", true},
		{"X-Amz-User-Agent", organizationsReq("DescribeOrganization", "{}", nil, map[string]string{"X-Amz-User-Agent": "aws-sdk-js/3"}, rootKey, rootSecret),
			"x-amz-user-agent", true},
		{"two headers, named in order", organizationsReq("DescribeOrganization", "{}", nil, map[string]string{"X-Amz-Meta-B": "b", "X-Amz-Meta-A": "a"}, rootKey, rootSecret),
			"x-amz-meta-a, x-amz-meta-b", true},
		{"a signed custom header", organizationsReq("DescribeOrganization", "{}", map[string]string{"X-Amz-Meta-Note": "signed"}, nil, rootKey, rootSecret), "", false},
		// Headers other than x-amz-* may go unsigned, as on AWS.
		{"X-Amzn-Trace-Id", organizationsReq("DescribeOrganization", "{}", nil, map[string]string{"X-Amzn-Trace-Id": "Root=1-0"}, rootKey, rootSecret), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, e, h := do(t, tt.req)
			if !tt.wantError {
				if status != 200 {
					t.Errorf("status %d %+v", status, e)
				}
				return
			}
			want := "There were headers present in the request which were not signed: " + tt.unsigned + " "
			if status != 403 || e.Type != "InvalidSignatureException" || h.Get("X-Amzn-ErrorType") != "InvalidSignatureException" ||
				!strings.HasPrefix(e.Message, want) {
				t.Errorf("got %d %+v, want 403 InvalidSignatureException %q", status, e, want)
			}
		})
	}

	// The same through STS (awsQuery) and AWS Chatbot (restJson1).
	req := signedQuery(t, url, rootKey, rootSecret, "", ts.clock.now(), "Action=GetCallerIdentity&Version=2011-06-15")
	req.Header.Set("X-Amz-Security-Token", "anything")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || !strings.Contains(string(body), "<Code>SignatureDoesNotMatch</Code>") ||
		!strings.Contains(string(body), "which were not signed: x-amz-security-token") {
		t.Errorf("STS: %d %s", resp.StatusCode, body)
	}
	req, err = http.NewRequest(http.MethodPost, url+"/describe-slack-channel-configurations", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	sign(t, req, "{}", rootKey, rootSecret, "", "chatbot", ts.clock.now())
	req.Header.Set("X-Amz-Target", "anything")
	if status, _, h := do(t, req); status != 403 || h.Get("X-Amzn-ErrorType") != "InvalidSignatureException" {
		t.Errorf("Chatbot: %d %s", status, h.Get("X-Amzn-ErrorType"))
	}
}

// TestOversizedBodies checks that a body over the limit is refused in the
// protocol of the service called, so that each SDK reads the error: XML
// for STS (awsQuery), JSON for Organizations and AWS Chatbot.
func TestOversizedBodies(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *config.Config) { c.MaxBodyBytes = 4096 })
	ctx := context.Background()
	big := strings.Repeat("x", 5000)
	calls := map[string]func() error{
		"STS": func() error {
			_, err := ts.sts(ts.mgmt()).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"),
				RoleSessionName: aws.String("big"), Policy: aws.String(big)})
			return err
		},
		"Organizations": func() error {
			_, err := ts.mgmtOrgs().CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("big"), Description: aws.String(""),
				Type: types.PolicyTypeChatbotPolicy, Content: aws.String(big)})
			return err
		},
		"Chatbot": func() error {
			_, err := ts.chatbot(ts.mgmt()).CreateChimeWebhookConfiguration(ctx, &chatbot.CreateChimeWebhookConfigurationInput{
				ConfigurationName: aws.String("big"), WebhookUrl: aws.String("https://hooks.chime.aws/incomingwebhooks/" + big),
				WebhookDescription: aws.String("big"), SnsTopicArns: []string{}, IamRoleArn: aws.String(opsRole)})
			return err
		},
	}
	calls["CloudFormation"] = func() error {
		_, err := ts.cloudformation(ts.mgmt()).ValidateTemplate(ctx, &cloudformation.ValidateTemplateInput{TemplateBody: aws.String(big)})
		return err
	}
	want := map[string]string{"STS": "RequestEntityTooLarge", "Organizations": "RequestEntityTooLargeException", "Chatbot": "RequestEntityTooLargeException",
		"CloudFormation": "RequestEntityTooLarge"}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != want[name] || !strings.Contains(ae.ErrorMessage(), "larger than the limit of 4 KiB") {
				t.Fatalf("got %v (%T), want the API error %s", err, err, want[name])
			}
			var re *smithyhttp.ResponseError
			if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusRequestEntityTooLarge {
				t.Errorf("status: %v", err)
			}
		})
	}

	// The awsQuery error is in the XML namespace of the service signed for.
	for service, ns := range map[string]string{"sts": "https://sts.amazonaws.com/doc/2011-06-15/",
		"cloudformation": "http://cloudformation.amazonaws.com/doc/2010-05-15/"} {
		form := "Action=ValidateTemplate&Version=2010-05-15&TemplateBody=" + big
		req, err := http.NewRequest(http.MethodPost, ts.srv.URL()+"/", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		sign(t, req, form, rootKey, rootSecret, "", service, ts.clock.now())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), `xmlns="`+ns+`"`) {
			t.Errorf("%s: %d %s, want 413 in the namespace %s", service, resp.StatusCode, body, ns)
		}
	}
}
