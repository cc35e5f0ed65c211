// Package store defines how chatgov keeps its state durable: plain records,
// narrow writer interfaces, and one closure transaction. The drivers live in
// store/sqlite and store/postgres, sharing what is not dialect through
// store/sqlcodec; store/storetest holds the conformance suite every driver
// passes.
//
// chatgov keeps its whole state in memory and answers reads from there. The
// store's job is to make every acknowledged write durable (committed before
// the API answers) and to give the state back at start-up. So the interface
// is writes inside transactions, plus one Load of everything.
//
// # Which interface a consumer takes
//
// Store is what a driver's Open returns; each consumer takes the narrowest
// part of it that does its job, so that what it may do to the store shows
// in its signature:
//
//   - whoever opens a store closes it, and alone takes a Store: the server
//     (cli.StartServer), credentials reset and the bench harness, which
//     hand it on and close it when they are done;
//   - the application service loads the state once, then writes through
//     Updates and reads the compliance history: it needs Loader, Updater
//     and ComplianceReader, never Close, since it does not own the store
//     (gov.New still takes a Store);
//   - a bulk loader that writes records in one Update (synth.Write, which
//     the bench loads organizations with; storetest's seeding): Updater;
//   - a function that writes inside an Update takes the role writers it
//     calls (TreeWriter, ChatWriter, ...), and Tx only when it writes
//     records of every kind;
//   - a reader of the compliance history: ComplianceReader.
//
// The role writers also split Tx's contract into parts a reader can take in
// one at a time; Tx is all of them.
package store

import (
	"context"
	"errors"
	"time"
)

// Errors returned by drivers, wrapped with context; test with errors.Is.
var (
	// ErrNotFound: a Delete or Detach named a record that does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: an insert-only write (Attach) met an existing record, or a
	// uniqueness constraint was violated.
	ErrConflict = errors.New("store: conflict")
)

// Store is a durable store, as a driver's Open returns it.
type Store interface {
	Loader
	Updater
	ComplianceReader
	Notifications
	CommandInbox
	SlackThreads
	// Close releases the store's resources.
	Close() error
}

// Loader gives the state back at start-up.
type Loader interface {
	// Load returns everything stored, with the revision of the last
	// committed Update. An empty store loads as an empty State with
	// revision 0. Its error is the driver's (a failed read, a stored
	// value that does not decode).
	Load(ctx context.Context) (*State, error)
}

// Updater makes writes durable.
type Updater interface {
	// Update runs fn in one transaction. It commits when fn returns nil and
	// rolls back when fn returns an error or panics; the error is returned
	// as is (wrapped only when the commit itself fails). A committed Update
	// sets the revision to its last logged change's (AppendChanges), or
	// increments it by one when it logged none, and is durable when Update
	// returns. Updates do not run concurrently with each other, not even
	// those of different processes sharing a store.
	Update(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error
}

// ComplianceReader reads the compliance history, which Load leaves out: it
// grows with every change of state, loses its oldest events to retention
// (PruneCompliance), and is read a page at a time.
type ComplianceReader interface {
	// ComplianceEvents returns the events that match q in ID order (the
	// order they were recorded in), each with its cause; at most q.Limit of
	// them (all when Limit is 0 or negative). It reads committed events
	// only and does not wait for a running Update.
	ComplianceEvents(ctx context.Context, q ComplianceQuery) ([]ComplianceRecord, error)
}

// Tx is every write available inside Update. A Tx is valid only until its
// Update returns. After a write returns ErrNotFound or ErrConflict the Tx
// stays usable and the transaction can still commit; after any other error
// it cannot, and later calls report that error.
type Tx interface {
	SettingWriter
	OrganizationWriter
	TreeWriter
	PolicyWriter
	TagWriter
	DelegationWriter
	CredentialWriter
	ChatWriter
	ComplianceWriter
	IAMWriter
	MembershipWriter
	ChatCommandWriter
	StackWriter
	ChangeWriter
}

// SettingWriter keeps named values chatgov needs across restarts (the
// management account's ID, for example).
type SettingWriter interface {
	// PutSetting inserts or replaces a setting.
	PutSetting(ctx context.Context, key, value string) error
}

// OrganizationWriter writes the organization, its root and its policy types.
type OrganizationWriter interface {
	// PutOrganization inserts or replaces the organization (there is at most one).
	PutOrganization(ctx context.Context, o Organization) error
	// DeleteOrganization removes the organization and every record that
	// belongs to it: policy types, OUs, accounts, create-account statuses,
	// policies, attachments, tags, delegated administrators, service
	// access and handshakes. Settings, credentials and standalone accounts
	// stay. ErrNotFound when there is none.
	DeleteOrganization(ctx context.Context) error
	// PutPolicyType inserts or replaces a policy type's status on the root.
	PutPolicyType(ctx context.Context, pt PolicyType) error
	// DeletePolicyType removes a policy type; ErrNotFound when absent.
	DeletePolicyType(ctx context.Context, policyType string) error
}

// TreeWriter writes OUs, accounts and create-account statuses.
type TreeWriter interface {
	// PutOU inserts or replaces an OU.
	PutOU(ctx context.Context, ou OU) error
	// DeleteOU removes an OU; ErrNotFound when absent.
	DeleteOU(ctx context.Context, id string) error
	// PutAccount inserts or replaces an account.
	PutAccount(ctx context.Context, a Account) error
	// DeleteAccount removes an account; ErrNotFound when absent.
	DeleteAccount(ctx context.Context, id string) error
	// PutCreateAccountStatus inserts or replaces a CreateAccount request's status.
	PutCreateAccountStatus(ctx context.Context, s CreateAccountStatus) error
}

// PolicyWriter writes policies and their attachments.
type PolicyWriter interface {
	// PutPolicy inserts or replaces a policy.
	PutPolicy(ctx context.Context, p Policy) error
	// DeletePolicy removes a policy; ErrNotFound when absent. Its
	// attachments must have been removed first (ErrConflict otherwise).
	DeletePolicy(ctx context.Context, id string) error
	// Attach records that a policy is attached to a target; Seq orders a
	// target's attachments (attach order). ErrConflict when the pair
	// exists; ErrNotFound when the policy does not.
	Attach(ctx context.Context, a Attachment) error
	// Detach removes an attachment; ErrNotFound when absent.
	Detach(ctx context.Context, policyID, targetID string) error
}

// TagWriter writes the tags of roots, OUs, accounts and policies.
type TagWriter interface {
	// PutTag inserts or replaces one tag of a resource.
	PutTag(ctx context.Context, t Tag) error
	// DeleteTag removes one tag; ErrNotFound when absent.
	DeleteTag(ctx context.Context, resourceID, key string) error
	// DeleteTags removes every tag of a resource (none is not an error).
	DeleteTags(ctx context.Context, resourceID string) error
}

// DelegationWriter writes delegated administrators and trusted service access.
type DelegationWriter interface {
	// PutDelegatedAdmin inserts or replaces a delegated administrator.
	PutDelegatedAdmin(ctx context.Context, d DelegatedAdmin) error
	// DeleteDelegatedAdmin removes one; ErrNotFound when absent.
	DeleteDelegatedAdmin(ctx context.Context, accountID, servicePrincipal string) error
	// PutServiceAccess inserts or replaces a service's trusted access.
	PutServiceAccess(ctx context.Context, s ServiceAccess) error
	// DeleteServiceAccess removes it; ErrNotFound when absent.
	DeleteServiceAccess(ctx context.Context, servicePrincipal string) error
}

// CredentialWriter writes access keys.
type CredentialWriter interface {
	// PutCredential inserts or replaces a credential.
	PutCredential(ctx context.Context, c Credential) error
	// DeleteCredential removes one; ErrNotFound when absent.
	DeleteCredential(ctx context.Context, accessKeyID string) error
	// DeleteExpiredCredentials removes the temporary credentials that
	// expired before t and returns how many it removed.
	DeleteExpiredCredentials(ctx context.Context, t time.Time) (int, error)
}

// ChatWriter writes chat channel configurations, the chat directory,
// account preferences and chat user identities.
type ChatWriter interface {
	// PutChatConfiguration inserts or replaces a configuration.
	PutChatConfiguration(ctx context.Context, c ChatConfiguration) error
	// DeleteChatConfiguration removes a configuration and its user
	// identities; ErrNotFound when absent.
	DeleteChatConfiguration(ctx context.Context, arn string) error
	// PutSlackChannel inserts or replaces a Slack channel of the directory.
	PutSlackChannel(ctx context.Context, c SlackChannel) error
	// DeleteSlackChannel removes one; ErrNotFound when absent.
	DeleteSlackChannel(ctx context.Context, teamID, channelID string) error
	// PutTeamsTeam inserts or replaces a Microsoft Teams team of the directory.
	PutTeamsTeam(ctx context.Context, t TeamsTeam) error
	// DeleteTeamsTeam removes one; ErrNotFound when absent.
	DeleteTeamsTeam(ctx context.Context, teamID string) error
	// PutAccountPreferences inserts or replaces an account's preferences.
	PutAccountPreferences(ctx context.Context, p AccountPreferences) error
	// PutUserIdentity inserts or replaces a chat user's role for a
	// configuration; ErrNotFound when the configuration does not exist.
	PutUserIdentity(ctx context.Context, u UserIdentity) error
	// DeleteUserIdentity removes one; ErrNotFound when absent.
	DeleteUserIdentity(ctx context.Context, configurationARN, chatUserID string) error
}

// ComplianceWriter appends to the compliance history.
type ComplianceWriter interface {
	// AddComplianceCause records a write that changed configurations'
	// states; ErrConflict when its ID is taken.
	AddComplianceCause(ctx context.Context, c ComplianceCause) error
	// AddComplianceEvents records state changes, in bulk; their causes must
	// exist (ErrNotFound otherwise) and their IDs be new (ErrConflict).
	AddComplianceEvents(ctx context.Context, events []ComplianceEvent) error
	// PruneCompliance deletes old compliance events as p says, and the
	// causes left without events. Events go in ID order, from the lowest:
	// the longest run of them in which each is recorded before p.Before
	// or has an ID of at most p.UpToID, and at most p.Limit of them; the
	// event with the highest ID always stays. Then every cause of a
	// deleted event that no remaining event references goes, unless it
	// has the highest cause ID. So the last IDs a store loads
	// (State.LastCompliance*ID) never go down. Its cost follows p.Limit,
	// not the size of the history, so that one batch holds the write lock
	// briefly.
	PruneCompliance(ctx context.Context, p CompliancePrune) (PrunedCompliance, error)
}

// CompliancePrune selects the compliance events PruneCompliance deletes.
type CompliancePrune struct {
	// Before: events recorded before it may go (the zero time: none by age).
	Before time.Time
	// UpToID: events with an ID of at most it may go (0: none by ID).
	UpToID int64
	// Limit is the most events one call deletes; it must be positive.
	Limit int
}

// PrunedCompliance counts what PruneCompliance deleted.
type PrunedCompliance struct {
	Events int
	Causes int
}

// IAMWriter registers what chatgov cannot read from AWS: the permission
// policies of IAM roles, and customer managed policies that roles and
// guardrails name by ARN.
type IAMWriter interface {
	// PutRolePermissions inserts or replaces a role's registered policies.
	PutRolePermissions(ctx context.Context, r RolePermissions) error
	// DeleteRolePermissions removes them; ErrNotFound when absent.
	DeleteRolePermissions(ctx context.Context, roleARN string) error
	// PutManagedPolicy inserts or replaces a customer managed policy.
	PutManagedPolicy(ctx context.Context, p ManagedPolicy) error
	// DeleteManagedPolicy removes one; ErrNotFound when absent.
	DeleteManagedPolicy(ctx context.Context, arn string) error
}

// State is everything a store holds. Slices are in no particular order
// unless a field says otherwise.
type State struct {
	Revision       int64
	Settings       map[string]string
	Organization   *Organization
	PolicyTypes    []PolicyType
	OUs            []OU
	Accounts       []Account
	CreateStatuses []CreateAccountStatus
	Policies       []Policy
	// Attachments are ordered by Seq.
	Attachments     []Attachment
	Tags            []Tag
	DelegatedAdmins []DelegatedAdmin
	ServiceAccess   []ServiceAccess
	Credentials     []Credential
	// Chat configurations, the directory, preferences and identities.
	ChatConfigurations []ChatConfiguration
	SlackChannels      []SlackChannel
	TeamsTeams         []TeamsTeam
	Preferences        []AccountPreferences
	UserIdentities     []UserIdentity
	// Registered IAM roles and customer managed policies.
	RolePermissions []RolePermissions
	ManagedPolicies []ManagedPolicy
	// Handshakes of the organization, and accounts outside it.
	Handshakes         []Handshake
	StandaloneAccounts []StandaloneAccount
	// Signing secrets, custom actions and their associations.
	SigningSecrets   []SigningSecret
	CustomActions    []CustomAction
	ChatAssociations []ChatAssociation
	// CloudFormation stacks, of every account.
	Stacks []Stack
	// LastComplianceCauseID and LastComplianceEventID are the highest IDs
	// recorded (0 when none): the compliance history itself is read with
	// ComplianceEvents.
	LastComplianceCauseID int64
	LastComplianceEventID int64
}

// Times are truncated to the microsecond when stored and loaded in UTC; the
// zero time stays zero.

// Organization is the organization and its single root.
type Organization struct {
	ID                     string
	FeatureSet             string
	ManagementAccountID    string
	ManagementAccountEmail string
	RootID                 string
	RootName               string
	CreatedAt              time.Time
}

// PolicyType is a policy type's status on the root.
type PolicyType struct {
	Type   string
	Status string
}

// OU is an organizational unit.
type OU struct {
	ID        string
	ParentID  string
	Name      string
	CreatedAt time.Time
}

// Account is a member (or the management) account.
type Account struct {
	ID           string
	ParentID     string
	Name         string
	Email        string
	Status       string
	JoinedMethod string
	JoinedAt     time.Time
	// RoleName is the role CreateAccount made in the account for the
	// management account to assume; empty for the management account.
	RoleName string
	// ClosedAt is when CloseAccount closed the account; zero while it is
	// not closed.
	ClosedAt time.Time
}

// CreateAccountStatus is the status of one CreateAccount request.
type CreateAccountStatus struct {
	ID            string
	AccountName   string
	Email         string
	State         string
	AccountID     string
	FailureReason string
	RequestedAt   time.Time
	CompletedAt   time.Time // zero while in progress
}

// Policy is a policy of any type.
type Policy struct {
	ID          string
	Name        string
	Description string
	Type        string
	Content     string
	AWSManaged  bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Attachment says that a policy is attached to a target (root, OU or account).
type Attachment struct {
	PolicyID string
	TargetID string
	Seq      int64
}

// Tag is one tag of a resource.
type Tag struct {
	ResourceID string
	Key        string
	Value      string
}

// DelegatedAdmin is an account registered as a service's delegated administrator.
type DelegatedAdmin struct {
	AccountID        string
	ServicePrincipal string
	EnabledAt        time.Time
}

// ServiceAccess is a service's trusted access to the organization.
type ServiceAccess struct {
	ServicePrincipal string
	EnabledAt        time.Time
}

// Credential is an access key. Temporary credentials have a session token
// and an expiry; long-term ones have neither.
type Credential struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	AccountID       string
	// PrincipalARN is who the key authenticates as, e.g.
	// arn:aws:iam::111111111111:root or an assumed-role ARN.
	PrincipalARN string
	ExpiresAt    time.Time // zero for long-term keys
}

// Chat platforms, as ChatConfiguration.Platform spells them.
const (
	PlatformSlack = "slack"
	PlatformTeams = "microsoft_teams"
	PlatformChime = "chime"
)

// ChatConfiguration is an AWS Chatbot channel configuration. Its state
// (ENABLED or DISABLED) is not stored: it follows from the configuration,
// the account's effective chat applications policy, the directory and the
// account's preferences, and is recomputed whenever they change.
type ChatConfiguration struct {
	ARN                       string
	AccountID                 string
	Platform                  string
	Name                      string
	IamRoleARN                string
	SnsTopicARNs              []string // nil and empty load alike, as empty
	LoggingLevel              string
	GuardrailPolicyARNs       []string
	UserAuthorizationRequired bool
	// Slack.
	SlackTeamID      string
	SlackTeamName    string
	SlackChannelID   string
	SlackChannelName string
	// Microsoft Teams.
	TenantID    string
	TeamID      string
	TeamName    string
	ChannelID   string
	ChannelName string
	// Chime.
	WebhookURL         string
	WebhookDescription string
	Tags               map[string]string // nil and empty load alike, as empty
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// SlackChannel is a Slack channel in the organization's chat directory.
type SlackChannel struct {
	TeamID      string
	TeamName    string
	ChannelID   string
	ChannelName string
	Visibility  string // "public" or "private"
	UpdatedAt   time.Time
}

// TeamsTeam is a Microsoft Teams team in the chat directory.
type TeamsTeam struct {
	TenantID  string
	TeamID    string
	TeamName  string
	UpdatedAt time.Time
}

// AccountPreferences are an account's AWS Chatbot preferences.
type AccountPreferences struct {
	AccountID                     string
	UserAuthorizationRequired     bool
	TrainingDataCollectionEnabled bool
}

// UserIdentity maps a chat user to the IAM role they act with through one
// configuration.
type UserIdentity struct {
	ConfigurationARN string
	ChatUserID       string
	// TeamID is the Slack workspace or Microsoft Teams team; TenantID and
	// ChannelID are set for Microsoft Teams.
	TeamID          string
	TenantID        string
	ChannelID       string
	IamRoleARN      string
	AwsUserIdentity string
	CreatedAt       time.Time
}

// ComplianceCause is a write that changed the state of configurations.
type ComplianceCause struct {
	ID        int64
	Time      time.Time
	Operation string // AttachPolicy, MoveAccount, put-slack-channel, ...
	CallerARN string
	Detail    string // what the write did, in a sentence
}

// ComplianceEvent is one configuration's change of state.
type ComplianceEvent struct {
	ID               int64
	CauseID          int64
	Time             time.Time
	ConfigurationARN string
	AccountID        string
	Platform         string
	OldState         string
	NewState         string
	// Reason is the new StateReason (empty when the configuration is
	// enabled again).
	Reason string
}

// ComplianceQuery selects compliance events. Zero fields select all.
type ComplianceQuery struct {
	// AccountIDs selects the events of these accounts: nil selects all, an
	// empty non-nil list none (a caller whose scope holds no account must
	// not see every account's history).
	AccountIDs       []string
	ConfigurationARN string
	Since            time.Time // events at or after
	Until            time.Time // events before
	AfterID          int64     // events with a greater ID (for paging)
	Limit            int
}

// ComplianceRecord is an event with its cause.
type ComplianceRecord struct {
	ComplianceEvent
	Cause ComplianceCause
}

// RolePermissions are an IAM role's permission policies, registered so
// that commands run with the role can be decided.
type RolePermissions struct {
	RoleARN   string
	AccountID string
	// ManagedPolicyARNs are the attached managed policies, AWS's or the
	// account's own, in the order given.
	ManagedPolicyARNs []string
	// InlinePolicies are the role's inline policies, in the order given.
	InlinePolicies []InlinePolicy
	UpdatedAt      time.Time
}

// InlinePolicy is a policy document embedded in a role.
type InlinePolicy struct {
	Name     string
	Document string
}

// ManagedPolicy is a customer managed IAM policy, registered so that roles
// and guardrails can name it by ARN.
type ManagedPolicy struct {
	ARN       string // arn:aws:iam::ACCOUNT:policy/PATH/NAME
	AccountID string
	Name      string
	Path      string // "/" unless given
	Document  string
	UpdatedAt time.Time
}
