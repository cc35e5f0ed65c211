package awsapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/client"
)

// rawSimulation returns simulate-chat-command's whole answer as JSON, so
// that a test can check that nothing of another account is quoted in it.
func rawSimulation(t *testing.T, c *client.Client, arn, command, user string) (commandVerdict, string) {
	t.Helper()
	in := api.SimulateChatCommandInput{ChatConfigurationArn: arn, Command: command, ChatUserID: user}
	var raw json.RawMessage
	if err := c.Call(context.Background(), api.OpSimulateChatCommand, in, &raw); err != nil {
		t.Fatalf("simulate %q: %v", command, err)
	}
	var v commandVerdict
	if err := json.Unmarshal(raw, &v.SimulateChatCommandOutput); err != nil {
		t.Fatal(err)
	}
	return v, string(raw)
}

// TestCrossAccountIAMReferences checks that a member account cannot read
// another account's registered IAM policies by naming them: as a
// configuration's role or guardrail, as a user identity's role, or in a
// role registration. Another account's role or policy must behave exactly
// as one nobody registered.
func TestCrossAccountIAMReferences(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	ts, ctx := f.ts, context.Background()
	victimID := ts.account("victim")
	victim := ts.chatgov(ts.assume(victimID))
	attacker := ts.chatgov(ts.assume(f.acct))

	// The victim registers a policy and a role, each with a statement
	// whose Sid would show if it were quoted.
	pol := try(victim.PutManagedPolicy(ctx, api.PutManagedPolicyInput{PolicyName: "victim-secret",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Sid":"VictimSecretStatement","Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`})).must(t)
	victimPolicy := pol.Policy.PolicyArn
	victimRole := "arn:aws:iam::" + victimID + ":role/victim-ops"
	try(victim.PutRolePermissions(ctx, api.PutRolePermissionsInput{RoleArn: victimRole, ManagedPolicyArns: []string{victimPolicy},
		InlinePolicies: []api.InlinePolicy{{PolicyName: "victim-inline",
			PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Sid":"VictimInlineStatement","Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`}}})).must(t)
	// The same names in the victim's account that nobody registered.
	ghostPolicy := "arn:aws:iam::" + victimID + ":policy/ghost-policy"
	ghostRole := "arn:aws:iam::" + victimID + ":role/ghost-role"

	// The verdict on a configuration that names the victim's role and
	// policy, and on one that names the unregistered ones instead, with
	// the names swapped back: they must be the same, byte for byte.
	point := func(role, guardrail string) {
		t.Helper()
		try(f.cb.UpdateSlackChannelConfiguration(ctx, &chatbot.UpdateSlackChannelConfigurationInput{ChatConfigurationArn: aws.String(f.slack),
			SlackChannelId: aws.String("C0PRIVATE"), IamRoleArn: aws.String(role), GuardrailPolicyArns: []string{guardrail}})).must(t)
	}
	unmask := func(s string) string {
		return strings.NewReplacer(ghostPolicy, victimPolicy, ghostRole, victimRole).Replace(s)
	}
	const command = "@aws ec2 describe-instances"
	askers := map[string]*client.Client{"the member": attacker, "the management account": ts.chatgov(ts.mgmt())}
	for who, asker := range askers {
		point(victimRole, victimPolicy)
		v, raw := rawSimulation(t, asker, f.slack, command, "")
		point(ghostRole, ghostPolicy)
		_, ghost := rawSimulation(t, asker, f.slack, command, "")
		if strings.Contains(raw, "Victim") {
			t.Errorf("asked by %s, the verdict quotes the victim's statements: %s", who, raw)
		}
		if raw != unmask(ghost) {
			t.Errorf("asked by %s, the victim's role and policy differ from unregistered ones:\n%s\n%s", who, raw, unmask(ghost))
		}
		if !strings.Contains(v.gates(), "guardrails=NOT_EVALUATED role-permissions=NOT_EVALUATED") ||
			!strings.Contains(v.reason("guardrails"), "does not know the guardrail policy "+victimPolicy) {
			t.Errorf("asked by %s: %+v", who, v)
		}
	}

	// A user identity mapped to the victim's role.
	point("arn:aws:iam::"+f.acct+":role/chatbot-ops", "arn:aws:iam::aws:policy/ReadOnlyAccess")
	for _, role := range []string{victimRole, ghostRole} {
		try(attacker.PutUserIdentity(ctx, api.PutUserIdentityInput{ChatConfigurationArn: f.slack, ChatUserID: "U0MALLORY", IamRoleArn: role})).must(t)
		v, raw := rawSimulation(t, attacker, f.slack, command, "U0MALLORY")
		if strings.Contains(raw, "Victim") || !strings.Contains(v.reason("role-permissions"), role+" are not registered") {
			t.Errorf("user role %s: %s", role, raw)
		}
	}

	// A role registration naming the victim's policy is refused exactly as
	// one naming a policy that does not exist: no existence oracle.
	ownRole := "arn:aws:iam::" + f.acct + ":role/chatbot-ops"
	_, errVictim := attacker.PutRolePermissions(ctx, api.PutRolePermissionsInput{RoleArn: ownRole, ManagedPolicyArns: []string{victimPolicy}})
	_, errGhost := attacker.PutRolePermissions(ctx, api.PutRolePermissionsInput{RoleArn: ownRole, ManagedPolicyArns: []string{ghostPolicy}})
	var ev, eg *client.Error
	if !errors.As(errVictim, &ev) || !errors.As(errGhost, &eg) || ev.Code != "ResourceNotFoundException" || ev.Code != eg.Code || ev.Message != unmask(eg.Message) {
		t.Errorf("put-role-permissions naming the victim's policy: %v; naming an unregistered one: %v", errVictim, errGhost)
	}
	// The management account registering the member's role cannot borrow
	// the victim's policy either.
	_, err := ts.chatgov(ts.mgmt()).PutRolePermissions(ctx, api.PutRolePermissionsInput{RoleArn: ownRole, ManagedPolicyArns: []string{victimPolicy}})
	wantClientErr(t, err, "ResourceNotFoundException", "does not know the managed policy "+victimPolicy)

	// The victim's own configuration still resolves its own registrations.
	vcb := ts.chatbot(ts.assume(victimID))
	ts.putSlackChannel("T0AAAAAAA", "C0VICTIM", "private")
	vc := try(vcb.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String("victim"),
		SlackTeamId: aws.String("T0AAAAAAA"), SlackChannelId: aws.String("C0VICTIM"), IamRoleArn: aws.String(victimRole),
		GuardrailPolicyArns: []string{victimPolicy}})).must(t)
	v, raw := rawSimulation(t, victim, *vc.ChannelConfiguration.ChatConfigurationArn, command, "")
	if v.Decision != "ALLOWED" || !strings.Contains(raw, "VictimSecretStatement") {
		t.Errorf("the victim's own configuration: %s", raw)
	}
}
