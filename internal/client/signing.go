package client

import (
	"context"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
)

// PutSigningSecret registers the secret a Slack workspace's or Microsoft
// Teams team's requests are signed with. Its errors are the server's, as
// *APIError, or the transport's.
func (c *Client) PutSigningSecret(ctx context.Context, in api.PutSigningSecretInput) (api.PutSigningSecretOutput, error) {
	return call[api.PutSigningSecretOutput](ctx, c, api.OpPutSigningSecret, in)
}

// DeleteSigningSecret forgets a workspace's signing secret. Its errors are
// PutSigningSecret's.
func (c *Client) DeleteSigningSecret(ctx context.Context, in api.DeleteSigningSecretInput) (api.DeleteSigningSecretOutput, error) {
	return call[api.DeleteSigningSecretOutput](ctx, c, api.OpDeleteSigningSecret, in)
}
