package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/client"
)

var creds = aws.Credentials{AccessKeyID: "AKIAEXAMPLE000000001", SecretAccessKey: "secret"}

// TestEveryOperationHasAMethod checks that the client has, for every one
// of chatgov's own operations, a method named after it that takes its
// input and returns its output.
func TestEveryOperationHasAMethod(t *testing.T) {
	t.Parallel()
	ct := reflect.TypeFor[*client.Client]()
	n := 0
	for _, op := range api.Operations {
		if !strings.HasPrefix(op.Path, api.Prefix) {
			continue
		}
		n++
		m, ok := ct.MethodByName(op.Name)
		if !ok {
			t.Errorf("no method %s", op.Name)
			continue
		}
		ft := m.Type
		if ft.NumIn() != 3 || ft.In(2) != reflect.TypeOf(op.Input) || ft.NumOut() != 2 || ft.Out(0) != reflect.TypeOf(op.Output) {
			t.Errorf("%s is %s; want func(context.Context, %T) (%T, error)", op.Name, ft, op.Input, op.Output)
		}
	}
	if n < 19 {
		t.Errorf("only %d chatgov operations in the contract", n)
	}
}

// TestCall checks what the client sends and how it reads answers and
// errors, against a fake server.
func TestCall(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(r.Header.Get("Authorization"), "/chatbot/aws4_request") || r.Method != http.MethodPost ||
			r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "unsigned", http.StatusBadRequest)
			return
		}
		switch r.URL.Path {
		case api.Path(api.OpSimulateChatCommand):
			var in api.SimulateChatCommandInput
			if err := json.Unmarshal(body, &in); err != nil || in.Command != "@aws ec2 describe-instances" {
				http.Error(w, "bad input "+string(body), http.StatusBadRequest)
				return
			}
			if strings.Contains(string(body), "ChatUserId") {
				http.Error(w, "an empty ChatUserId was sent: "+string(body), http.StatusBadRequest)
				return
			}
			w.Write([]byte(`{"Command":{"Action":"ec2:DescribeInstances","Resources":["*"]},"Decision":"ALLOWED","Requests":[],"Extra":1}`))
		case api.Path(api.OpPutSlackChannel):
			w.Header().Set("X-Amzn-ErrorType", api.CodeAccessDenied)
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"message":"only the management account"}`))
		case api.Path(api.OpListDirectory):
			w.Write([]byte(`{"SlackChannels":[{"SlackTeamId":"T0A","UpdatedTimestamp":1767323045.5}],"MicrosoftTeamsTeams":[]}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	c := client.New(srv.URL+"/", creds)
	ctx := context.Background()

	out, err := c.SimulateChatCommand(ctx, api.SimulateChatCommandInput{ChatConfigurationArn: "arn", Command: "@aws ec2 describe-instances"})
	if err != nil || out.Decision != "ALLOWED" || out.Command.Action != "ec2:DescribeInstances" {
		t.Errorf("SimulateChatCommand = %+v, %v", out, err)
	}
	d, err := c.ListDirectory(ctx, api.ListDirectoryInput{})
	if err != nil || len(d.SlackChannels) != 1 || d.SlackChannels[0].UpdatedTimestamp.Time().UnixMilli() != 1767323045500 {
		t.Errorf("ListDirectory = %+v, %v", d, err)
	}

	tests := []struct {
		name  string
		call  func() error
		code  string
		typed bool
		msg   string
	}{
		{"a typed error", func() error {
			_, err := c.PutSlackChannel(ctx, api.PutSlackChannelInput{SlackTeamID: "T0A"})
			return err
		}, api.CodeAccessDenied, true, "only the management account"},
		{"an answer that is not chatgov's", func() error {
			_, err := c.DeleteTeamsTeam(ctx, api.DeleteTeamsTeamInput{TeamID: "x"})
			return err
		}, "Not Found", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ce *client.Error
			if !errors.As(err, &ce) || ce.Code != tt.code || ce.Typed != tt.typed || ce.Message != tt.msg || client.Code(err) != tt.code {
				t.Errorf("error %#v", err)
			}
		})
	}
	if client.Code(errors.New("x")) != "" {
		t.Error("a plain error has a code")
	}
}

func TestCredentialsFrom(t *testing.T) {
	t.Parallel()
	env := map[string]string{"AWS_ACCESS_KEY_ID": "AKIA1", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "tok"}
	c, err := client.CredentialsFrom(func(k string) string { return env[k] })
	if err != nil || c.AccessKeyID != "AKIA1" || c.SessionToken != "tok" {
		t.Errorf("CredentialsFrom = %+v, %v", c, err)
	}
	if _, err := client.CredentialsFrom(func(string) string { return "" }); err == nil {
		t.Error("no credentials, no error")
	}
}
