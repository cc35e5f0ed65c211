// Package client calls chatgov's own operations (the chat directory,
// compliance events, simulations) over HTTP, signed with Signature Version
// 4 for the service "chatbot", as the AWS SDKs sign AWS Chatbot calls.
package client

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Client calls a chatgov server.
type Client struct {
	endpoint string
	creds    aws.Credentials
	region   string
	http     *http.Client
	now      func() time.Time
}

// New returns a client of the server at endpoint (http://host:port).
func New(endpoint string, creds aws.Credentials) *Client {
	return &Client{endpoint: strings.TrimSuffix(endpoint, "/"), creds: creds, region: "us-east-1",
		http: &http.Client{Timeout: 60 * time.Second}, now: time.Now}
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

// Error is an error answer of the server.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Call runs operation op (e.g. "put-slack-channel") with input in and
// decodes the answer into out (which may be nil).
func (c *Client) Call(ctx context.Context, op string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint+"/chatgov/"+op, bytes.NewReader(body))
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
		var e struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(data, &e)
		code := resp.Header.Get("X-Amzn-ErrorType")
		if code == "" {
			code = http.StatusText(resp.StatusCode)
		}
		return &Error{Status: resp.StatusCode, Code: code, Message: e.Message}
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	return json.Unmarshal(data, out)
}
