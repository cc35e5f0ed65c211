// Package client calls chatgov's own operations (the chat directory,
// compliance events, simulations, IAM registrations, standalone accounts)
// over HTTP, signed with Signature Version 4 for the service "chatbot", as
// the AWS SDKs sign AWS Chatbot calls. It has one method per operation,
// taking and returning the structures of internal/chatgovapi, which the
// server decodes and encodes too.
package client

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chatgov/chatgov/internal/chatgovapi"
)

// Client calls a chatgov server.
type Client struct {
	endpoint string
	creds    aws.Credentials
	region   string
	http     *http.Client
	now      func() time.Time
}

// DefaultRegion is the region requests are signed for unless WithRegion
// names another.
const DefaultRegion = "us-east-1"

// Option changes a Client made by New.
type Option func(*Client)

// WithRegion signs requests for region (the server sees the caller in
// it); "" keeps DefaultRegion.
func WithRegion(region string) Option {
	return func(c *Client) {
		if region != "" {
			c.region = region
		}
	}
}

// New returns a client of the server at endpoint (http://host:port).
func New(endpoint string, creds aws.Credentials, opts ...Option) *Client {
	c := &Client{endpoint: strings.TrimSuffix(endpoint, "/"), creds: creds, region: DefaultRegion,
		http: &http.Client{Timeout: 60 * time.Second}, now: time.Now}
	for _, o := range opts {
		o(c)
	}
	return c
}

// CredentialsFrom reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// AWS_SESSION_TOKEN through getenv, as the AWS CLI reads them from the
// environment.
func CredentialsFrom(getenv func(string) string) (aws.Credentials, error) {
	c := aws.Credentials{AccessKeyID: getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: getenv("AWS_SECRET_ACCESS_KEY"),
		SessionToken: getenv("AWS_SESSION_TOKEN")}
	if c.AccessKeyID == "" || c.SecretAccessKey == "" {
		return c, fmt.Errorf("no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)")
	}
	return c, nil
}

// Error is an error answer of the server. Code is its error type (one of
// chatgovapi's Code constants, from the X-Amzn-ErrorType header), or, when
// the answer names none (it does not come from a chatgov server), the
// status's text; decisions on an error are made on Code, never on
// Message.
type Error struct {
	Status  int
	Code    string
	Message string
	// Typed reports whether the server named the error's type.
	Typed bool
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Code returns the code of err when it is (or wraps) an *Error, else "".
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// call runs one operation with its input and decodes its output.
func call[Out any](ctx context.Context, c *Client, op string, in any) (Out, error) {
	var out Out
	err := c.Call(ctx, op, in, &out)
	return out, err
}

// Call runs operation op (such as "put-slack-channel") with input in,
// encoded as JSON, and decodes the answer into out (which may be nil). The
// methods below call every operation with its own types; Call is for
// requests they cannot express, such as a test's malformed input.
//
// A failure is an *Error when the server answered, else the transport's
// error.
func (c *Client) Call(ctx context.Context, op string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint+chatgovapi.Path(op), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, c.creds, req, hex.EncodeToString(sum[:]), "chatbot", c.region, c.now()); err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var e chatgovapi.ErrorBody
		_ = json.Unmarshal(data, &e)
		ce := &Error{Status: resp.StatusCode, Code: resp.Header.Get("X-Amzn-ErrorType"), Message: e.Message, Typed: true}
		if ce.Code == "" {
			ce.Code, ce.Typed = http.StatusText(resp.StatusCode), false
		}
		return ce
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("the answer to %s does not read: %w", op, err)
	}
	return nil
}
