package cli

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/client"
)

// The commands that talk to a running server (directory, compliance, iam,
// simulate --server, policy what-if --server) share the flag --server and
// the credentials of the environment, and call the server through
// internal/client.

const (
	defaultServer = "http://127.0.0.1:4580"
	envServer     = "CHATGOV_SERVER"
)

// serverArgs is the --server flag.
type serverArgs struct{ url string }

func (a *serverArgs) register(c *cobra.Command) {
	c.Flags().StringVar(&a.url, "server", "", "chatgov server URL (default $"+envServer+", else "+defaultServer+")")
}

// endpoint is the server's URL: --server, else $CHATGOV_SERVER, else the default.
func (a *serverArgs) endpoint(s Streams) (string, error) {
	u := a.url
	if u == "" {
		u = s.getenv(envServer)
	}
	if u == "" {
		u = defaultServer
	}
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "http" && p.Scheme != "https" || p.Host == "" || strings.Trim(p.Path, "/") != "" || p.RawQuery != "" || p.User != nil {
		return "", usageErr("--server %q is not a server URL such as %s", u, defaultServer)
	}
	return strings.TrimSuffix(u, "/"), nil
}

// connect returns a client of the server, signed with the credentials of
// the environment. Missing credentials are a usage error.
func (a *serverArgs) connect(s Streams) (*serverConn, error) {
	u, err := a.endpoint(s)
	if err != nil {
		return nil, err
	}
	creds, err := client.CredentialsFrom(s.getenv)
	if err != nil {
		return nil, usageErr("%s", err)
	}
	return &serverConn{c: client.New(u, creds), url: u}, nil
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
