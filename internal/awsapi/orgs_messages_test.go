package awsapi

import (
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
)

func TestOrganizationsMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  gov.Error
		code string
		want string
	}{
		{"sentence then detail", gov.Error{Kind: gov.NotFound, Resource: gov.ResPolicy, Message: "policy p-12345678 does not exist"},
			"PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified. Policy p-12345678 does not exist"},
		{"reason's sentence", gov.Error{Kind: gov.Invalid, Reason: gov.ReasonInvalidPattern, Message: "PolicyId must match p-..."},
			"InvalidInputException", "You provided a value that does not match the required pattern. PolicyId must match p-..."},
		{"unknown reason falls back to the exception", gov.Error{Kind: gov.Invalid, Reason: "SOMETHING_NEW", Message: "odd"},
			"InvalidInputException", "The requested operation failed because you provided invalid values for one or more of the request parameters. Odd"},
		{"identifiers keep their case", gov.Error{Kind: gov.NotFound, Resource: gov.ResRoot, Message: "r-abcd is not the root"},
			"RootNotFoundException", "You specified a root that doesn't exist. r-abcd is not the root"},
		{"paths keep their case", gov.Error{Kind: gov.Malformed, Message: "$.chatbot: unknown key"},
			"MalformedPolicyDocumentException", "The provided policy document does not meet the requirements of the specified policy type. $.chatbot: unknown key"},
		{"no detail", gov.Error{Kind: gov.NotFound, Resource: gov.ResOrganization},
			"AWSOrganizationsNotInUseException", "Your account is not a member of an organization."},
		{"detail that already says it", gov.Error{Kind: gov.NotFound, Resource: gov.ResOrganization, Message: "Your account is not a member of an organization. Really"},
			"AWSOrganizationsNotInUseException", "Your account is not a member of an organization. Really"},
		{"detail that says it in lower case", gov.Error{Kind: gov.NotFound, Resource: gov.ResOrganization, Message: "your account is not a member of an organization"},
			"AWSOrganizationsNotInUseException", "Your account is not a member of an organization"},
		{"internal errors say nothing of themselves", gov.Error{Kind: gov.Internal, Message: "disk full"},
			"ServiceException", "AWS Organizations can't complete your request because of an internal service error. Try again later."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := organizationsError(&tt.err)
			if w.code != tt.code || w.message != tt.want {
				t.Errorf("got %s %q\nwant %s %q", w.code, w.message, tt.code, tt.want)
			}
		})
	}
}

// TestEveryOrganizationsExceptionHasASentence keeps the table of AWS's
// sentences complete as exceptions are added to the error table.
func TestEveryOrganizationsExceptionHasASentence(t *testing.T) {
	t.Parallel()
	for _, r := range errorTable {
		if r.orgs != "" && orgsSentences[r.orgs] == "" {
			t.Errorf("%+v maps to %s, which has no sentence in orgsSentences", r, r.orgs)
		}
	}
}
