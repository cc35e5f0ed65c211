package awsapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestPartitions: the ARNs of an answer are in the partition of the region
// the request was signed for, as AWS writes them in aws-cn, aws-us-gov and
// the other partitions.
func TestPartitions(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	root := ts.org()
	acct := ts.account("dev")
	tests := []struct{ region, partition string }{
		{"us-east-1", "aws"},
		{"eu-west-3", "aws"},
		{"cn-north-1", "aws-cn"},
		{"cn-northwest-1", "aws-cn"},
		{"us-gov-west-1", "aws-us-gov"},
		{"us-iso-east-1", "aws-iso"},
		{"us-isob-east-1", "aws-iso-b"},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			t.Parallel()
			cfg := ts.mgmt()
			cfg.Region = tt.region
			c := ts.orgs(cfg)
			prefix := "arn:" + tt.partition + ":organizations::" + mgmtAccount + ":"
			o := try(c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})).must(t).Organization
			if !strings.HasPrefix(*o.Arn, prefix+"organization/") || !strings.HasPrefix(*o.MasterAccountArn, prefix+"account/") {
				t.Errorf("organization %s %s", *o.Arn, *o.MasterAccountArn)
			}
			a := try(c.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(acct)})).must(t).Account
			if *a.Arn != prefix+"account/"+strings.Split(*a.Arn, "/")[1]+"/"+acct {
				t.Errorf("account %s", *a.Arn)
			}
			r := try(c.ListRoots(ctx, &organizations.ListRootsInput{})).must(t).Roots[0]
			if !strings.HasPrefix(*r.Arn, prefix+"root/") || !strings.HasSuffix(*r.Arn, "/"+root) {
				t.Errorf("root %s", *r.Arn)
			}
			ps := try(c.ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: types.PolicyTypeServiceControlPolicy})).must(t).Policies
			if want := "arn:" + tt.partition + ":organizations::aws:policy/service_control_policy/p-FullAWSAccess"; len(ps) != 1 || *ps[0].Arn != want {
				t.Errorf("policies %+v, want %s", ps, want)
			}
			id := try(ts.sts(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})).must(t)
			if want := "arn:" + tt.partition + ":iam::" + mgmtAccount + ":root"; *id.Arn != want {
				t.Errorf("caller %s, want %s", *id.Arn, want)
			}
			role := "arn:" + tt.partition + ":iam::" + acct + ":role/OrganizationAccountAccessRole"
			assumed := try(ts.sts(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("ops")})).must(t)
			if want := "arn:" + tt.partition + ":sts::" + acct + ":assumed-role/OrganizationAccountAccessRole/ops"; *assumed.AssumedRoleUser.Arn != want {
				t.Errorf("assumed %s, want %s", *assumed.AssumedRoleUser.Arn, want)
			}
		})
	}
}
