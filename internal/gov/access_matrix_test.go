package gov

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/scenario"
)

// The role × operation matrix: every operation of accessTable, called
// through its real Service method by a caller of every role, must answer
// as the table says. A case's arguments let an allowed call go past
// authorization and stop harmlessly (a name left empty, an ID of nothing,
// a target already in the state asked for), so that cases can share a
// world; those that change who is who (accepting an invitation, deleting
// the resource policy, creating the organization) get a world of their own.

// outcome is how a call ended, as far as access goes.
type outcome uint8

const (
	allowed        outcome = iota // past authorization (it may fail after)
	denied                        // AccessDenied
	noOrganization                // NotFound (ResOrganization)
	hidden                        // NotFound (ResHandshake): a handshake the caller is no party to
)

var outcomeNames = [...]string{"allowed", "AccessDenied", "NotFound(Organization)", "NotFound(Handshake)"}

func (o outcome) String() string { return outcomeNames[o] }

// matrixCase is one call of an operation.
type matrixCase struct {
	op operation
	// variant tells cases of one operation apart.
	variant string
	world   worldKind // worldAll unless set
	// policyType is the type of the policy the call concerns.
	policyType policy.Type
	// forOther: the call acts on another account's resources.
	forOther bool
	// recipient is whose handshake the call concerns.
	recipient matrixRole
	// fresh: an allowed call changes the world for the others.
	fresh bool
	call  func(ctx context.Context, w *world, c Caller) error
}

func (tc matrixCase) name() string {
	n := tc.op.String()
	if tc.variant != "" {
		n += "/" + tc.variant
	}
	return n
}

// expect is the outcome accessTable gives a call of tc by role r.
func expect(tc matrixCase, r matrixRole) outcome {
	a := accessTable[tc.op]
	others := func() outcome {
		switch {
		case a.forOthers == needAdmin && (r == roleManagement || r == roleChatbotAdmin):
			return allowed
		case a.forOthers == needManagement && r == roleManagement:
			return allowed
		}
		return denied
	}
	switch a.need {
	case needAccount:
		switch {
		case r == roleStandalone && !a.standalone:
			return denied
		case tc.forOther:
			return others()
		}
		return allowed
	case needOperator:
		if r == roleManagement || r == roleNoOrg {
			return allowed
		}
		return denied
	case needParty, needRecipient, needSender:
		if r != tc.recipient && r != roleManagement && r != roleChatbotAdmin && r != roleServiceAdmin {
			return hidden
		}
		if a.need == needRecipient && r != tc.recipient || a.need == needSender && r != roleManagement {
			return denied
		}
		return allowed
	case needTrust:
		if r == roleManagement {
			return allowed
		}
		return denied
	}
	// The organization's operations.
	if r == roleNoOrg || r == roleStandalone {
		return noOrganization
	}
	if r == roleManagement || a.need == needMember {
		if tc.forOther {
			return others()
		}
		return allowed
	}
	if a.delegation == delegable {
		switch r {
		case roleDenied:
			return denied
		case roleDelegated:
			return allowed
		}
	}
	chatbotType := tc.policyType == "" || tc.policyType == policy.ChatbotPolicy
	switch {
	case a.need == needAdmin && r == roleChatbotAdmin && (!a.chatbotPolicyOnly || chatbotType):
		return allowed
	case a.need == needHandshakeAdmin && (r == roleChatbotAdmin || r == roleServiceAdmin):
		return allowed
	}
	return denied
}

// outcomeOf classifies a call's error.
func outcomeOf(t *testing.T, err error) outcome {
	t.Helper()
	if err == nil {
		return allowed
	}
	var e *Error
	if !errors.As(err, &e) || e.Kind == Internal {
		t.Fatalf("unexpected error: %v", err)
	}
	switch {
	case e.Kind == AccessDenied:
		return denied
	case e.Kind == NotFound && e.Resource == ResOrganization:
		return noOrganization
	case e.Kind == NotFound && e.Resource == ResHandshake:
		return hidden
	}
	return allowed
}

// TestAccessMatrix calls every case as every role and checks the outcome
// against accessTable, then the whole matrix against
// testdata/access_matrix.txt: a change of who may call what shows there
// (go test ./internal/gov -run TestAccessMatrix -update rewrites it).
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	var templates, shared [numWorlds]*world
	for k := worldAll; k < numWorlds; k++ {
		templates[k] = buildWorld(t, k)
		shared[k] = templates[k].open(t)
	}
	cases := matrixCases()
	got := make([][numRoles]outcome, len(cases))
	covered := map[operation]bool{}
	t.Run("cases", func(t *testing.T) {
		for i, tc := range cases {
			covered[tc.op] = true
			t.Run(tc.name(), func(t *testing.T) {
				t.Parallel()
				for r := range numRoles {
					t.Run(r.String(), func(t *testing.T) {
						t.Parallel()
						k := tc.world
						if r == roleNoOrg {
							k = worldNone
						}
						w := shared[k]
						if tc.fresh {
							w = templates[k].open(t)
						}
						err := tc.call(context.Background(), w, w.callers[r])
						got[i][r] = outcomeOf(t, err)
						checkOutcome(t, tc, r, got[i][r], err)
					})
				}
			})
		}
	})
	for op := range numOperations {
		if !covered[op] {
			t.Errorf("operation %s has no case in the matrix", op)
		}
	}
	if err := scenario.Golden(filepath.Join("testdata", "access_matrix.txt"), renderMatrix(cases, got)); err != nil {
		t.Error(err)
	}
}

// checkOutcome checks a call's outcome and refusal against the table.
func checkOutcome(t *testing.T, tc matrixCase, r matrixRole, got outcome, err error) {
	t.Helper()
	a := accessTable[tc.op]
	if want := expect(tc, r); got != want {
		t.Fatalf("%s as %s: %v (%v), the access table says %v", tc.name(), r, got, err, want)
	}
	if got != denied {
		return
	}
	msg := err.Error()
	byPolicy := r == roleDenied && a.delegation == delegable && a.need != needMember
	if strings.Contains(msg, "resource policy denies it") != byPolicy {
		t.Errorf("%s as %s: %v; refused by the resource policy: %v", tc.name(), r, err, byPolicy)
	}
	// authorize's own refusals name the operation refused.
	switch a.need {
	case needManagement, needAdmin, needHandshakeAdmin, needOperator:
		if !strings.Contains(msg, a.name) {
			t.Errorf("%s as %s: the refusal %q does not name %s", tc.name(), r, msg, a.name)
		}
	}
}

// renderMatrix writes the matrix as a table, a case a line.
func renderMatrix(cases []matrixCase, got [][numRoles]outcome) []byte {
	short := [...]string{allowed: "ok", denied: "denied", noOrganization: "no-org", hidden: "hidden"}
	var b strings.Builder
	b.WriteString("# Who may call what: every operation of gov's access table (access.go), called as every kind of\n" +
		"# caller (access_matrix_test.go). ok: past authorization; denied: AccessDenied; no-org: NotFound\n" +
		"# (Organization); hidden: NotFound (Handshake), a handshake the caller is no party to.\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 1, ' ', 0)
	fmt.Fprint(tw, "operation")
	for r := range numRoles {
		fmt.Fprint(tw, "\t", r)
	}
	fmt.Fprintln(tw)
	for i, tc := range cases {
		fmt.Fprint(tw, tc.name())
		for r := range numRoles {
			fmt.Fprint(tw, "\t", short[got[i][r]])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	return []byte(b.String())
}
