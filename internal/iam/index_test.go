package iam

import (
	"fmt"
	"strings"
	"testing"
)

// TestIndexedActionsMatchLikeTheList checks that a statement long enough
// to be indexed by service finds the same first matching pattern as trying
// every pattern in order, for patterns with and without wildcards in the
// service and actions in any letter case.
func TestIndexedActionsMatchLikeTheList(t *testing.T) {
	t.Parallel()
	var actions []string
	for i := 0; i < 40; i++ {
		actions = append(actions, fmt.Sprintf(`"svc%d:Get*"`, i%7), fmt.Sprintf(`"svc%d:Put%dItem"`, i%5, i))
	}
	actions = append(actions, `"EC2:Describe*"`, `"*:List*"`, `"s?c1:Delete*"`, `"ec2:*Tags"`, `"svc3:*"`)
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[` + strings.Join(actions, ",") + `],"Resource":"*"}]}`
	p, err := Parse(doc, Identity)
	if err != nil {
		t.Fatal(err)
	}
	st := &p.Statements[0]
	if st.byService == nil {
		t.Fatal("the statement was not indexed")
	}
	linear := func(action string) int {
		for i := range st.actions {
			if st.actions[i].match(action, nil) {
				return i
			}
		}
		return -1
	}
	requests := []string{"ec2:DescribeInstances", "EC2:describeVpcs", "ec2:CreateTags", "ec2:TerminateInstances", "svc1:DeleteThing",
		"sVc1:deletething", "svc3:Anything", "svc0:GetX", "SVC4:GETY", "svc2:Put7Item", "svc2:Put8Item", "iam:ListRoles", "nothing",
		"s3c1:DeleteBucket", ":", "svc6:", "*"}
	for _, a := range requests {
		if got, want := st.matchAction(a), linear(a); got != want {
			t.Errorf("%q: indexed %d, linear %d", a, got, want)
		}
	}
}
