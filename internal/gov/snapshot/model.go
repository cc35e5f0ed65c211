package snapshot

import (
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// Model is one version of chatgov's state. Reads and decisions use a
// published version without locks; a write builds the next version from a
// Clone of the current one, sharing everything it does not change.
type Model struct {
	// Rev is the revision of the state: it grows with every committed write.
	Rev      int64
	Settings map[string]string
	Org      *Org // nil when no organization exists
	// Enabled holds the policy types enabled on the root.
	Enabled map[policy.Type]bool
	Tree    *org.Tree // nil when no organization exists
	// OUs, Accounts, account creation requests and Policies by ID.
	OUs            Table[*OURec]
	Accounts       Table[*AccountRec]
	CreateStatuses Table[*store.CreateAccountStatus]
	Policies       Table[*PolicyRec]
	// Attached maps a target to its attachments of every type, in attach order.
	Attached Table[[]Attachment]
	// Targets maps a policy to the targets it is attached to, in attach order.
	Targets Table[[]string]
	// Tags maps a resource to its tags.
	Tags Table[map[string]string]
	// Delegated maps an account to the service principals it is a
	// delegated administrator for, and since when.
	Delegated Table[map[string]time.Time]
	// Services maps a service principal with trusted access to since when.
	Services map[string]time.Time
	// Credentials are the access keys by key ID.
	Credentials Table[*store.Credential]
	// AttachSeq is the last attachment sequence number handed out.
	AttachSeq int64
	// Effective caches effective states per management policy type.
	Effective map[policy.Type]*EffectiveCache
	// Chat channel configurations by account, the chat directory (Slack
	// channels by SlackKey, Teams teams by TeamsKey), account preferences,
	// and user identities by configuration ARN.
	Chats         Table[*AccountChats]
	SlackChannels Table[*store.SlackChannel]
	TeamsTeams    Table[*store.TeamsTeam]
	Preferences   Table[*store.AccountPreferences]
	Identities    Table[[]*store.UserIdentity]
	// Registered IAM roles by role ARN, and customer managed policies by
	// ARN.
	Roles            Table[*RoleRec]
	CustomerPolicies Table[*CustomerPolicyRec]
	// Handshakes of the organization by ID, and the accounts chatgov knows
	// outside it by account ID.
	Handshakes Table[*store.Handshake]
	Standalone Table[*store.StandaloneAccount]
	// The chat gateway's commands: signing secrets by "platform/workspace", custom
	// actions by ARN, and the resources associated with each
	// configuration by its ARN (sorted).
	SigningSecrets Table[string]
	CustomActions  Table[*store.CustomAction]
	Associations   Table[[]string]
	// ResourcePolicy is the organization's resource-based delegation
	// policy, or nil.
	ResourcePolicy *ResourcePolicyRec
	// CauseSeq and EventSeq are the last compliance cause and event IDs.
	CauseSeq, EventSeq int64
	// derived holds values computed from this version on first use.
	derived *derived
}

// New returns an empty version, to be filled and frozen.
func New() *Model {
	return &Model{Settings: map[string]string{}, Enabled: map[policy.Type]bool{},
		Services: map[string]time.Time{}, Effective: map[policy.Type]*EffectiveCache{}, derived: &derived{}}
}

// derived holds lazily computed views of one model version.
type derived struct {
	accountsOnce sync.Once
	accountIDs   []string // every account, in tree order
}

// AccountIDs returns every account ID in tree order (parents before
// children, in the order they joined).
func (m *Model) AccountIDs() []string {
	d := m.derived
	d.accountsOnce.Do(func() {
		d.accountIDs = make([]string, 0, m.Accounts.Len())
		m.Tree.Walk(func(n *org.Node) bool {
			if n.Type == org.Account {
				d.accountIDs = append(d.accountIDs, n.ID)
			}
			return true
		})
	})
	return d.accountIDs
}

// Org is the organization.
type Org struct {
	store.Organization
}

// OURec is an organizational unit as stored.
type OURec struct {
	store.OU
}

// AccountRec is an account of the organization as stored.
type AccountRec struct {
	store.Account
}

// PolicyRec is a policy as stored, with its parsed document: Doc for
// the management types, IAM for SCPs and RCPs.
type PolicyRec struct {
	store.Policy
	PolicyType policy.Type
	Doc        *policy.Document // management types
	IAM        *iam.Policy      // SCP, RCP
}

// Attachment is a policy attached to a target, and its place in the
// order of attachments.
type Attachment struct {
	PolicyID string
	Seq      int64
}

// Clone returns a shallow copy to build the next version from: its tables
// copy on write (see Table), and its derived values start afresh. Fields
// that are replaced whole (the small maps) must be copied before they are
// changed.
func (m *Model) Clone() *Model {
	c := *m
	c.derived = &derived{}
	return &c
}

// AttachmentsOf returns the policies of one type attached to a target, in attach order.
func (m *Model) AttachmentsOf(targetID string, t policy.Type) []*PolicyRec {
	as, _ := m.Attached.Get(targetID)
	var out []*PolicyRec
	for _, a := range as {
		if p, ok := m.Policies.Get(a.PolicyID); ok && p.PolicyType == t {
			out = append(out, p)
		}
	}
	return out
}
