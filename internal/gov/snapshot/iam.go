package snapshot

import (
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/store"
)

// RoleRec is a registered role with its inline policies parsed.
type RoleRec struct {
	store.RolePermissions
	Inline []*iam.Policy
}

// CustomerPolicyRec is a registered customer managed policy, parsed.
type CustomerPolicyRec struct {
	store.ManagedPolicy
	Parsed *iam.Policy
}

// ResourcePolicyRec is the organization's resource policy as stored,
// with its compiled document.
type ResourcePolicyRec struct {
	ID      string `json:"Id"`
	Content string `json:"Content"`
	Doc     *iam.Policy
}
