package chatgovapi

// The secrets Slack and Microsoft Teams sign the requests of a workspace
// or team with, registered in the chat directory by the management account
// or the chatbot delegated administrator. They are write-only: no
// operation returns them.
const (
	OpPutSigningSecret    = "put-signing-secret"
	OpDeleteSigningSecret = "delete-signing-secret"
)

// PutSigningSecretInput registers (or replaces) a signing secret. Platform
// is "slack" (WorkspaceId a Slack team ID, SigningSecret the Slack app's
// signing secret) or "microsoft_teams" (WorkspaceId a Teams team ID,
// SigningSecret the outgoing webhook's security token, base64).
type PutSigningSecretInput struct {
	Platform      string `json:"Platform"`
	WorkspaceID   string `json:"WorkspaceId"`
	SigningSecret string `json:"SigningSecret"`
}

type PutSigningSecretOutput struct{}

// DeleteSigningSecretInput forgets a workspace's signing secret: its
// requests are refused from then on.
type DeleteSigningSecretInput struct {
	Platform    string `json:"Platform"`
	WorkspaceID string `json:"WorkspaceId"`
}

type DeleteSigningSecretOutput struct{}
