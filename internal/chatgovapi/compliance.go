package chatgovapi

// ListComplianceEventsInput selects compliance events; empty members
// select all. Since (inclusive) and Until (exclusive) are epoch seconds
// (see Seconds). A member account may ask only about itself.
type ListComplianceEventsInput struct {
	AccountID            string   `json:"AccountId,omitempty"`
	OrganizationalUnitID string   `json:"OrganizationalUnitId,omitempty"`
	ChatConfigurationArn string   `json:"ChatConfigurationArn,omitempty"`
	Since                *float64 `json:"Since,omitempty"`
	Until                *float64 `json:"Until,omitempty"`
	NextToken            string   `json:"NextToken,omitempty"`
	MaxResults           *int     `json:"MaxResults,omitempty"`
}

// ListComplianceEventsOutput is a page of events, oldest first, and the
// current states of the configurations in scope.
type ListComplianceEventsOutput struct {
	Events    []ComplianceEvent `json:"Events"`
	NextToken string            `json:"NextToken,omitempty"`
	Summary   ComplianceSummary `json:"Summary"`
}

// ComplianceEvent is one configuration's change of state. StateReason is
// the new state's reason (none when it is enabled again).
type ComplianceEvent struct {
	AccountID            string          `json:"AccountId"`
	Cause                ComplianceCause `json:"Cause"`
	ChatConfigurationArn string          `json:"ChatConfigurationArn"`
	EventID              int64           `json:"EventId"`
	NewState             string          `json:"NewState"`
	OldState             string          `json:"OldState"`
	Platform             string          `json:"Platform"`
	StateReason          string          `json:"StateReason,omitempty"`
	Timestamp            Time            `json:"Timestamp"`
}

// ComplianceCause is the write that changed states: its operation
// (AttachPolicy, MoveAccount, put-slack-channel, ...), its caller's ARN and
// what it did.
type ComplianceCause struct {
	Caller    string `json:"Caller"`
	CauseID   int64  `json:"CauseId"`
	Detail    string `json:"Detail"`
	Operation string `json:"Operation"`
	Timestamp Time   `json:"Timestamp"`
}

// ComplianceSummary counts the configurations in scope by state: in
// total, per OU (its subtree), and per account.
type ComplianceSummary struct {
	Accounts            []NodeCount `json:"Accounts"`
	OrganizationalUnits []NodeCount `json:"OrganizationalUnits"`
	Total               StateCount  `json:"Total"`
}

// StateCount counts configurations.
type StateCount struct {
	Configurations int `json:"Configurations"`
	Disabled       int `json:"Disabled"`
	Enabled        int `json:"Enabled"`
}

// NodeCount counts the configurations of an OU or an account.
type NodeCount struct {
	Configurations int    `json:"Configurations"`
	Disabled       int    `json:"Disabled"`
	Enabled        int    `json:"Enabled"`
	ID             string `json:"Id"`
	Name           string `json:"Name"`
}

// SimulatePolicyChangeInput is a change of policies to simulate: Action
// is CreatePolicy (with PolicyType, Name, Content and TargetId, the policy
// created and attached), UpdatePolicy (PolicyId, and Name, Description or
// Content), AttachPolicy or DetachPolicy (PolicyId and TargetId), or
// MoveAccount (AccountId to TargetId, from SourceParentId: the account's
// parent when empty). Nothing is changed.
type SimulatePolicyChangeInput struct {
	Action         string  `json:"Action"`
	AccountID      string  `json:"AccountId,omitempty"`
	SourceParentID string  `json:"SourceParentId,omitempty"`
	PolicyID       string  `json:"PolicyId,omitempty"`
	PolicyType     string  `json:"PolicyType,omitempty"`
	Name           string  `json:"Name,omitempty"`
	Description    string  `json:"Description,omitempty"`
	TargetID       string  `json:"TargetId,omitempty"`
	Content        *string `json:"Content,omitempty"`
}

// SimulatePolicyChangeOutput is what the change would do: the effective
// policies that would change and the configurations that would be
// disabled or enabled again (the first of each are listed, all counted).
type SimulatePolicyChangeOutput struct {
	Accounts          []PolicyChangeAccount `json:"Accounts"`
	AccountsChanged   int                   `json:"AccountsChanged"`
	AccountsInScope   int                   `json:"AccountsInScope"`
	Ignored           []IgnoredChange       `json:"Ignored"`
	PolicyID          string                `json:"PolicyId"`
	WouldDisable      []ConfigurationChange `json:"WouldDisable"`
	WouldDisableCount int                   `json:"WouldDisableCount"`
	WouldEnable       []ConfigurationChange `json:"WouldEnable"`
	WouldEnableCount  int                   `json:"WouldEnableCount"`
}

// PolicyChangeAccount is how an account's effective policy would change.
type PolicyChangeAccount struct {
	AccountID  string         `json:"AccountId"`
	Changes    []PolicyChange `json:"Changes"`
	HadPolicy  bool           `json:"HadPolicy"`
	Name       string         `json:"Name"`
	PolicyType string         `json:"PolicyType"`
}

// PolicyChange is one change of an effective policy: Kind is "added",
// "removed" or "replaced"; Path the JSON path of the setting (of the list,
// for a list item); Before and After JSON values, Before empty for an
// addition and After for a removal.
type PolicyChange struct {
	Kind   string `json:"kind"`
	Path   string `json:"path"`
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// ConfigurationChange is a configuration whose state would change, with
// its new state's reason.
type ConfigurationChange struct {
	AccountID            string `json:"AccountId"`
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
	Platform             string `json:"Platform"`
	StateReason          string `json:"StateReason,omitempty"`
}

// IgnoredChange is a part of the policy the merge would ignore, with how
// many accounts it concerns.
type IgnoredChange struct {
	Accounts int    `json:"Accounts"`
	Code     string `json:"Code"`
	Message  string `json:"Message"`
	Path     string `json:"Path"`
}
