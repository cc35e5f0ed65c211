package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/client"
)

// The commands that talk to a running server (directory, identity,
// compliance, iam, simulate --server, policy what-if --server) share the
// flags --server/--endpoint-url and --profile, resolve credentials,
// region and endpoint as the AWS CLI does (aws_resolve.go), and call the
// server through internal/client.

const (
	defaultServer = "http://127.0.0.1:4580"
	envServer     = "CHATGOV_SERVER"
)

// serverArgs are the flags naming the server and the credentials.
type serverArgs struct {
	url     string // --server
	epURL   string // --endpoint-url
	profile string // --profile
}

func (a *serverArgs) register(c *cobra.Command) {
	f := c.Flags()
	f.StringVar(&a.url, "server", "", "chatgov server URL (same as --endpoint-url)")
	f.StringVar(&a.epURL, "endpoint-url", "", "chatgov server URL (default $AWS_ENDPOINT_URL_CHATBOT, $AWS_ENDPOINT_URL, the profile's endpoint_url, $"+envServer+", else "+defaultServer+")")
	f.StringVar(&a.profile, "profile", "", "named profile of the shared config and credentials files (default $AWS_PROFILE)")
}

// chosen reports whether the command line or CHATGOV_SERVER names a
// server, for the commands that otherwise run offline.
func (a *serverArgs) chosen(c *cobra.Command, s Streams) bool {
	return a.flagged(c) || s.getenv(envServer) != ""
}

// flagged reports whether --server or --endpoint-url is on the command line.
func (a *serverArgs) flagged(c *cobra.Command) bool {
	return c.Flags().Changed("server") || c.Flags().Changed("endpoint-url")
}

// checkServerURL returns u without a trailing slash, or a usage error
// naming what (a flag or a variable) gave it.
func checkServerURL(what, u string) (string, error) {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "http" && p.Scheme != "https" || p.Host == "" || strings.Trim(p.Path, "/") != "" || p.RawQuery != "" || p.User != nil {
		return "", usageErr("%s %q is not a server URL such as %s", what, u, defaultServer)
	}
	return strings.TrimSuffix(u, "/"), nil
}

// connect returns a client of the server, signed with the credentials
// resolved as the AWS CLI resolves them. Missing credentials, an unknown
// profile and a malformed URL are usage errors.
func (a *serverArgs) connect(ctx context.Context, s Streams) (*serverConn, error) {
	r, err := resolveAWS(ctx, s, *a)
	if err != nil {
		return nil, err
	}
	return &serverConn{c: client.New(r.endpoint, r.creds, client.WithRegion(r.region)), url: r.endpoint}, nil
}

// serverConn is a connection to a server.
type serverConn struct {
	c   *client.Client
	url string
}

// fail turns a call's failure into the command's error: "<Code>:
// <message>", exit 1, or exit 2 when the server refused the credentials
// (the command could not run, as with missing credentials). nil stays nil.
func (sc *serverConn) fail(err error) error {
	if err == nil {
		return nil
	}
	var ce *client.Error
	if !errors.As(err, &ce) {
		return &exitError{code: ExitFailed, msg: fmt.Sprintf("cannot reach the chatgov server at %s: %v", sc.url, err)}
	}
	msg := ce.Code + ": " + ce.Message
	if !ce.Typed {
		msg = fmt.Sprintf("%s (HTTP %d from %s; is it a chatgov server?)", ce.Code, ce.Status, sc.url)
	}
	if chatgovapi.IsCredentialError(ce.Code) {
		return &exitError{code: ExitUsage, msg: msg}
	}
	return &exitError{code: ExitFailed, msg: msg}
}

// rfc3339 renders a server's time for output; "" for the zero time.
func rfc3339(t chatgovapi.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Time().Format(time.RFC3339)
}
