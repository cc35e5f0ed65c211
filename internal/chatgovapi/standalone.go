package chatgovapi

// Accounts outside the organization, with their own credentials, that
// the management account of a chatgov server creates so that they can be
// invited to join it.

// CreateStandaloneAccountInput creates an account outside the
// organization (with a generated ID when AccountId is empty).
type CreateStandaloneAccountInput struct {
	AccountID   string `json:"AccountId,omitempty"`
	AccountName string `json:"AccountName"`
	Email       string `json:"Email"`
}

// CreateStandaloneAccountOutput is the account and its root access key.
type CreateStandaloneAccountOutput struct {
	AccessKey AccessKey         `json:"AccessKey"`
	Account   StandaloneAccount `json:"Account"`
}

// StandaloneAccount is an account outside the organization.
// ClosedTimestamp is set once it is closed.
type StandaloneAccount struct {
	ClosedTimestamp  Time   `json:"ClosedTimestamp,omitzero"`
	CreatedTimestamp Time   `json:"CreatedTimestamp"`
	Email            string `json:"Email"`
	ID               string `json:"Id"`
	Name             string `json:"Name"`
	Status           string `json:"Status"`
}

// AccessKey is an account's root access key; the secret is shown only
// when the key is created.
type AccessKey struct {
	AccessKeyID     string `json:"AccessKeyId"`
	AccountID       string `json:"AccountId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	UserArn         string `json:"UserArn"`
}

// CreateRootAccessKeyInput creates another root access key of a
// standalone account.
type CreateRootAccessKeyInput struct {
	AccountID string `json:"AccountId"`
}

type CreateRootAccessKeyOutput struct {
	AccessKey AccessKey `json:"AccessKey"`
}

type ListStandaloneAccountsInput struct{}

// ListStandaloneAccountsOutput lists the server's standalone accounts.
type ListStandaloneAccountsOutput struct {
	Accounts []StandaloneAccount `json:"Accounts"`
}
