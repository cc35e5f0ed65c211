package iam

import "testing"

// TestSubstitutedValueIsWholeLiteral is the regression test for a security
// defect: after a policy variable was substituted, a literal that followed
// another literal was found anywhere in the rest of the input instead of
// right after it, so "repository/${aws:PrincipalTag/team}" with team "ops"
// matched "repository/devops" and a variable-scoped Allow granted more than
// it said.
func TestSubstitutedValueIsWholeLiteral(t *testing.T) {
	t.Parallel()
	const allow = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:*",` +
		`"Resource":"arn:aws:ecr:us-east-1:111122223333:repository/${aws:PrincipalTag/team}"}}`
	const cond = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*",` +
		`"Condition":{"StringEquals":{"app:channel":"team-${aws:PrincipalTag/team}"}}}}`
	const two = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*",` +
		`"Resource":"arn:aws:s3:::${aws:PrincipalTag/team}${aws:username}"}}`
	ctx := ctxMap{"aws:PrincipalTag/team": {"ops"}, "aws:username": {"alice"}}
	repo := func(name string) string { return "arn:aws:ecr:us-east-1:111122223333:repository/" + name }
	tests := []struct {
		name, doc, resource string
		ctx                 ctxMap
		want                Decision
	}{
		{"own repository", allow, repo("ops"), ctx, Allow},
		{"repository ending in the value", allow, repo("devops"), ctx, ImplicitDeny},
		{"repository with the value inside", allow, repo("xopsx"), ctx, ImplicitDeny},
		{"repository starting with the value", allow, repo("ops2"), ctx, ImplicitDeny},
		{"condition value", cond, "team-ops", ctx, Allow},
		{"condition value, longer request", cond, "team-devops", ctx, ImplicitDeny},
		{"two variables side by side", two, "arn:aws:s3:::opsalice", ctx, Allow},
		{"two variables, text between", two, "arn:aws:s3:::ops-alice", ctx, ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			set := []Named{{Policy: mustParse(t, Identity, tt.doc)}}
			req := request("ecr:BatchGetImage", tt.resource, tt.ctx)
			if tt.doc == cond {
				req = request("ecr:BatchGetImage", "*", ctxMap{"app:channel": {tt.resource}, "aws:PrincipalTag/team": {"ops"}})
			}
			if got := decideBoth(t, set, req).Decision; got != tt.want {
				t.Errorf("%s on %s = %v, want %v", tt.doc, tt.resource, got, tt.want)
			}
		})
	}
}
