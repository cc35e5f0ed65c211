package chatgovapi

// SimulateChatCommandInput asks whether a command typed in a
// configuration's channel may run. ChatUserId names the member who types
// it, for their user role.
type SimulateChatCommandInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
	Command              string `json:"Command"`
	ChatUserID           string `json:"ChatUserId,omitempty"`
}

// SimulateChatCommandOutput is the verdict: the command as chatgov read
// it, and the decision on each request it makes (one per resource).
// Decision is ALLOWED when every request is allowed, else DENIED.
type SimulateChatCommandOutput struct {
	Command  Command          `json:"Command"`
	Decision string           `json:"Decision"`
	Requests []DecidedRequest `json:"Requests"`
}

// Command is a chat command resolved: the CLI service name, the API
// operation, the IAM action, the region and the resources ("*" when it
// names none).
type Command struct {
	Action    string   `json:"Action"`
	Operation string   `json:"Operation"`
	Region    string   `json:"Region"`
	Resources []string `json:"Resources"`
	Service   string   `json:"Service"`
}

// DecidedRequest is the decision on one request (an action on one
// resource), gate by gate.
type DecidedRequest struct {
	Action   string `json:"Action"`
	Decision string `json:"Decision"`
	Gates    []Gate `json:"Gates"`
	Resource string `json:"Resource"`
}

// Gate is one gate of a decision: its name, its outcome (ALLOWED, DENIED
// or NOT_EVALUATED) and why; the statements that decided a policy gate,
// and each level of the SCP chain, root first, where there are any.
type Gate struct {
	Levels     []Level     `json:"Levels,omitempty"`
	Name       string      `json:"Name"`
	Outcome    string      `json:"Outcome"`
	Reason     string      `json:"Reason"`
	Statements []Statement `json:"Statements,omitempty"`
}

// Statement is a policy statement that decided a gate; Description says
// it all in a sentence.
type Statement struct {
	Description    string `json:"Description"`
	Effect         string `json:"Effect"`
	PolicyID       string `json:"PolicyId"`
	PolicyName     string `json:"PolicyName"`
	Sid            string `json:"Sid,omitempty"`
	StatementIndex int    `json:"StatementIndex"`
}

// Level is one level of the SCP chain: its own verdict, ALLOWED or
// DENIED, and why.
type Level struct {
	Decision string `json:"Decision"`
	NodeID   string `json:"NodeId"`
	NodeName string `json:"NodeName"`
	NodeType string `json:"NodeType"`
	Reason   string `json:"Reason"`
}

// SimulateRequestInput is an IAM request to decide in an account (the
// caller's when AccountId is empty) against its SCPs and the identity and
// guardrail policies it brings. Each resource (default "*") is decided as
// its own request.
type SimulateRequestInput struct {
	AccountID        string              `json:"AccountId,omitempty"`
	Action           string              `json:"Action"`
	Resources        []string            `json:"Resources,omitempty"`
	Context          map[string][]string `json:"Context,omitempty"`
	PrincipalArn     string              `json:"PrincipalArn,omitempty"`
	PrincipalAccount string              `json:"PrincipalAccount,omitempty"`
	IdentityPolicies []RequestPolicy     `json:"IdentityPolicies,omitempty"`
	Guardrails       []RequestPolicy     `json:"Guardrails,omitempty"`
}

// RequestPolicy is a policy a simulated request brings: a document
// (PolicyName names it in the answer) or the ARN of an AWS managed policy.
type RequestPolicy struct {
	PolicyName     string `json:"PolicyName,omitempty"`
	PolicyDocument string `json:"PolicyDocument,omitempty"`
	PolicyArn      string `json:"PolicyArn,omitempty"`
}

// SimulateRequestOutput is the verdict on every request, and the request
// as decided.
type SimulateRequestOutput struct {
	Decision string           `json:"Decision"`
	Request  SimulatedRequest `json:"Request"`
	Requests []DecidedRequest `json:"Requests"`
}

// SimulatedRequest is the request as decided: its resources defaulted and
// its context with the principal's keys filled in.
type SimulatedRequest struct {
	AccountID        string              `json:"AccountId"`
	Action           string              `json:"Action"`
	Context          map[string][]string `json:"Context"`
	PrincipalAccount string              `json:"PrincipalAccount"`
	PrincipalArn     string              `json:"PrincipalArn,omitempty"`
	Resources        []string            `json:"Resources"`
}
