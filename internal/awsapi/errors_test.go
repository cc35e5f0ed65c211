package awsapi

import (
	"testing"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

// TestErrorTable checks that each protocol takes the most specific rule
// that gives it a code, and answers the rest as internal errors.
func TestErrorTable(t *testing.T) {
	t.Parallel()
	type answer struct {
		code   string
		status int
	}
	tests := []struct {
		name               string
		err                gov.Error
		orgs, chatbot, sts answer
	}{
		{"invalid input", gov.Error{Kind: gov.Invalid, Resource: gov.ResChatConfiguration, Reason: gov.ReasonInvalidPattern},
			answer{"InvalidInputException", 400}, answer{chatgovapi.CodeInvalidParameter, 400}, answer{"ValidationError", 400}},
		{"a resource of Organizations", gov.Error{Kind: gov.NotFound, Resource: gov.ResPolicy},
			answer{"PolicyNotFoundException", 400}, answer{chatgovapi.CodeResourceNotFound, 404}, answer{"InternalFailure", 500}},
		{"no organization", gov.Error{Kind: gov.NotFound, Resource: gov.ResOrganization},
			answer{"AWSOrganizationsNotInUseException", 400}, answer{chatgovapi.CodeOrganizationsNotInUse, 400}, answer{"InternalFailure", 500}},
		{"too many tags: the reason decides for Chatbot", gov.Error{Kind: gov.Constraint, Resource: gov.ResChatConfiguration, Reason: "TOO_MANY_TAGS"},
			answer{"ConstraintViolationException", 400}, answer{chatgovapi.CodeTooManyTags, 400}, answer{"ValidationError", 400}},
		{"the resource before the reason", gov.Error{Kind: gov.Constraint, Resource: gov.ResHandshake, Reason: "TOO_MANY_TAGS"},
			answer{"HandshakeConstraintViolationException", 400}, answer{chatgovapi.CodeTooManyTags, 400}, answer{"ValidationError", 400}},
		{"a quota", gov.Error{Kind: gov.Constraint, Resource: gov.ResRolePermissions},
			answer{"ConstraintViolationException", 400}, answer{chatgovapi.CodeLimitExceeded, 403}, answer{"ValidationError", 400}},
		{"a Slack channel already configured", gov.Error{Kind: gov.AlreadyExists, Resource: gov.ResSlackChannel},
			answer{"ServiceException", 500}, answer{chatgovapi.CodeInvalidRequest, 400}, answer{"InternalFailure", 500}},
		{"a name taken", gov.Error{Kind: gov.AlreadyExists, Resource: gov.ResPolicy},
			answer{"DuplicatePolicyException", 400}, answer{chatgovapi.CodeConflict, 409}, answer{"InternalFailure", 500}},
		{"a policy's denial", gov.Error{Kind: gov.Denied, Resource: gov.ResChatConfiguration},
			answer{"AccessDeniedException", 400}, answer{chatgovapi.CodeInvalidRequest, 400}, answer{"AccessDenied", 403}},
		{"the caller may not", gov.Error{Kind: gov.AccessDenied},
			answer{"AccessDeniedException", 400}, answer{chatgovapi.CodeAccessDenied, 403}, answer{"AccessDenied", 403}},
		{"not empty, elsewhere than Organizations", gov.Error{Kind: gov.NotEmpty, Resource: gov.ResPolicy},
			answer{"PolicyInUseException", 400}, answer{chatgovapi.CodeInternal, 500}, answer{"InternalFailure", 500}},
		{"internal", gov.Error{Kind: gov.Internal, Message: "disk full"},
			answer{"ServiceException", 500}, answer{chatgovapi.CodeInternal, 500}, answer{"InternalFailure", 500}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for proto, got := range map[string]wireError{"orgs": organizationsError(&tt.err), "chatbot": chatbotError(&tt.err), "sts": stsError(&tt.err)} {
				want := map[string]answer{"orgs": tt.orgs, "chatbot": tt.chatbot, "sts": tt.sts}[proto]
				if got.code != want.code || got.status != want.status {
					t.Errorf("%s: %s %d, want %s %d", proto, got.code, got.status, want.code, want.status)
				}
				if want.status == 500 && got.message == tt.err.Message && tt.err.Message != "" {
					t.Errorf("%s: an internal error tells its cause: %q", proto, got.message)
				}
			}
		})
	}
}

// TestServedOperationsAreTheContract checks that the server serves every
// operation of the contract, at its path and with its status, and no
// other.
func TestServedOperationsAreTheContract(t *testing.T) {
	t.Parallel()
	served := map[string]int{}
	for p, o := range chatbotOps {
		served[p] = o.status
	}
	for p, o := range chatgovOps {
		served[p] = o.status
	}
	for _, op := range chatgovapi.Operations {
		status, ok := served[op.Path]
		switch {
		case !ok:
			t.Errorf("%s (%s) is not served", op.Name, op.Path)
		case status != op.Status:
			t.Errorf("%s answers %d, the contract says %d", op.Name, status, op.Status)
		}
		delete(served, op.Path)
	}
	for p := range served {
		t.Errorf("%s is served but not in chatgovapi.Operations", p)
	}
}

// TestCredentialCodesAreTheContract checks that the codes the server
// answers refused credentials with are those the contract names.
func TestCredentialCodesAreTheContract(t *testing.T) {
	t.Parallel()
	for _, code := range []string{codeMissingAuth, codeIncomplete, codeBadSignature, codeUnknownKey, codeExpiredToken} {
		if !chatgovapi.IsCredentialError(code) {
			t.Errorf("%s is not a credential error of chatgovapi", code)
		}
	}
}
