package commands_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/cli"
	"github.com/chatgov/chatgov/internal/client"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/gateway/commands"
	"github.com/chatgov/chatgov/internal/gov"
)

const (
	mgmtAccount  = "111111111111"
	rootKey      = "AKIAMANAGEMENTROOT01"
	rootSecret   = "management-root-secret-key-0000000001"
	slackTeam    = "T0CHATGOV1"
	slackChannel = "C0OPS00001"
	slackSecret  = "8f742231b10e8888abcd99yyyzzz85a5"
	botToken     = "xoxb-1111-2222-chatgovtest"
	botUser      = "U0AWSBOT01"
)

// recorder is an Executor that records what it is asked to run and
// answers as decide-only does.
type recorder struct {
	mu   sync.Mutex
	runs []commands.Run
}

func (r *recorder) Execute(ctx context.Context, run commands.Run) (string, error) {
	r.mu.Lock()
	r.runs = append(r.runs, run)
	r.mu.Unlock()
	return commands.DecideOnly{}.Execute(ctx, run)
}

func (r *recorder) ran() []commands.Run {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]commands.Run(nil), r.runs...)
}

// slackPost is a message the Slack stand-in received.
type slackPost struct {
	Via      string // "chat.postMessage" or "response_url"
	Token    string
	Channel  string
	ThreadTS string
	Text     string
}

// slackStandIn is a local stand-in for Slack's Web API (chat.postMessage)
// and for slash commands' response URLs, recording what it receives.
type slackStandIn struct {
	srv   *httptest.Server
	mu    sync.Mutex
	posts []slackPost
}

func newSlackStandIn(t *testing.T) *slackStandIn {
	s := &slackStandIn{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if tok == "" {
			tok = r.PostForm.Get("token")
		}
		s.record(slackPost{Via: "chat.postMessage", Token: tok, Channel: r.PostForm.Get("channel"), ThreadTS: r.PostForm.Get("thread_ts"), Text: r.PostForm.Get("text")})
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.000200"}`, r.PostForm.Get("channel"))
	})
	mux.HandleFunc("POST /response/{id}", func(w http.ResponseWriter, r *http.Request) {
		var m struct {
			Text         string `json:"text"`
			ResponseType string `json:"response_type"`
		}
		json.NewDecoder(r.Body).Decode(&m)
		s.record(slackPost{Via: "response_url", Channel: r.PathValue("id"), Text: m.Text})
		io.WriteString(w, "ok")
	})
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

func (s *slackStandIn) record(p slackPost) {
	s.mu.Lock()
	s.posts = append(s.posts, p)
	s.mu.Unlock()
}

// wait returns the posts once there are n of them, failing the test after
// a few seconds.
func (s *slackStandIn) wait(t *testing.T, n int) []slackPost {
	t.Helper()
	return s.waitFor(t, n, 10*time.Second)
}

// waitFor is wait with a time limit: the AWS CLI takes seconds to start
// on a loaded machine.
func (s *slackStandIn) waitFor(t *testing.T, n int, limit time.Duration) []slackPost {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		s.mu.Lock()
		got := append([]slackPost(nil), s.posts...)
		s.mu.Unlock()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Slack stand-in received %d messages, want %d: %+v", len(got), n, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// world is a chatgov server with an organization, a member account with
// a Slack channel configuration, and the workspace's signing secret and
// bot token registered, next to a Slack stand-in.
type world struct {
	t      *testing.T
	srv    *cli.Server
	cfg    config.Config
	slack  *slackStandIn
	rec    *recorder
	member string
	config string // the member's Slack channel configuration
}

func newWorld(t *testing.T, exec commands.Executor) *world {
	t.Helper()
	w := &world{t: t, slack: newSlackStandIn(t), rec: &recorder{}}
	if exec == nil {
		exec = w.rec
	}
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.ManagementAccountID = mgmtAccount
	cfg.RootAccessKeyID = rootKey
	cfg.RootSecretAccessKey = config.Secret(rootSecret)
	cfg.SlackAPIURL = w.slack.srv.URL + "/api/"
	w.cfg = cfg
	w.start(exec)
	ctx := context.Background()
	orgs := w.orgs(w.mgmt())
	if _, err := orgs.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		t.Fatal(err)
	}
	out, err := orgs.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("ops"), Email: aws.String("ops@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	st, err := orgs.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: out.CreateAccountStatus.Id})
	if err != nil {
		t.Fatal(err)
	}
	w.member = *st.CreateAccountStatus.AccountId
	admin := w.admin()
	if _, err := admin.PutSlackChannel(ctx, api.PutSlackChannelInput{SlackTeamID: slackTeam, SlackTeamName: "chatgov", SlackChannelID: slackChannel,
		SlackChannelName: "ops", ChannelVisibility: "private"}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.PutSigningSecret(ctx, api.PutSigningSecretInput{Platform: gov.PlatformSlack, WorkspaceID: slackTeam, SigningSecret: slackSecret}); err != nil {
		t.Fatal(err)
	}
	mgmtCaller := gov.Caller{AccountID: mgmtAccount, ARN: "arn:aws:iam::" + mgmtAccount + ":root"}
	if err := w.srv.Service.PutSlackBotToken(ctx, mgmtCaller, slackTeam, botToken); err != nil {
		t.Fatal(err)
	}
	cc, err := w.chatbot(w.memberCfg()).CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{
		ConfigurationName: aws.String("ops"), SlackTeamId: aws.String(slackTeam), SlackChannelId: aws.String(slackChannel),
		IamRoleArn: aws.String(w.memberRole())})
	if err != nil {
		t.Fatal(err)
	}
	w.config = *cc.ChannelConfiguration.ChatConfigurationArn
	return w
}

// start starts a server on the world's data directory, closed when the
// test ends.
func (w *world) start(exec commands.Executor) {
	w.t.Helper()
	srv, err := cli.StartServer(context.Background(), w.cfg, cli.ServerOptions{CommandExecutor: exec})
	if err != nil {
		w.t.Fatal(err)
	}
	w.srv = srv
	w.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Close(ctx)
	})
}

// restart stops the server, giving its running work grace to finish,
// and starts another on the same store with exec.
func (w *world) restart(grace time.Duration, exec commands.Executor) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := w.srv.Close(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		w.t.Fatalf("closing the server: %v", err)
	}
	w.start(exec)
}

func (w *world) url() string { return w.srv.URL() }

func (w *world) memberRole() string {
	return "arn:aws:iam::" + w.member + ":role/OrganizationAccountAccessRole"
}

func awsCfg(key, secret, token string) aws.Config {
	return aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(key, secret, token),
		RetryMaxAttempts: 1, HTTPClient: &http.Client{Timeout: 30 * time.Second}}
}

func (w *world) mgmt() aws.Config { return awsCfg(rootKey, rootSecret, "") }

func (w *world) orgs(cfg aws.Config) *organizations.Client {
	return organizations.NewFromConfig(cfg, func(o *organizations.Options) { o.BaseEndpoint = aws.String(w.url()) })
}

func (w *world) chatbot(cfg aws.Config) *chatbot.Client {
	return chatbot.NewFromConfig(cfg, func(o *chatbot.Options) { o.BaseEndpoint = aws.String(w.url()) })
}

func (w *world) sts(cfg aws.Config) *sts.Client {
	return sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(w.url()) })
}

func (w *world) admin() *client.Client {
	return client.New(w.url(), aws.Credentials{AccessKeyID: rootKey, SecretAccessKey: rootSecret})
}

// memberCfg returns credentials of the member account's access role.
func (w *world) memberCfg() aws.Config {
	w.t.Helper()
	out, err := w.sts(w.mgmt()).AssumeRole(context.Background(), &sts.AssumeRoleInput{RoleArn: aws.String(w.memberRole()), RoleSessionName: aws.String("test")})
	if err != nil {
		w.t.Fatal(err)
	}
	c := out.Credentials
	return awsCfg(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
}

// slackSign signs a request as Slack does: v0=hex(HMAC-SHA256(secret,
// "v0:" + timestamp + ":" + body)).
func slackSign(req *http.Request, body, secret string, at time.Time) {
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	io.WriteString(mac, "v0:"+ts+":"+body)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
}

// post sends body to path, signed with secret at the time given (unsigned
// when secret is empty), and returns the status and the body of the answer.
func (w *world) post(path, contentType, body, secret string, at time.Time, header http.Header) (int, string) {
	w.t.Helper()
	req, err := http.NewRequest(http.MethodPost, w.url()+path, strings.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for k, vs := range header {
		req.Header[k] = vs
	}
	if secret != "" {
		slackSign(req, body, secret, at)
	}
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	if took := time.Since(start); took > 3*time.Second {
		w.t.Errorf("%s answered in %s, past Slack's three seconds", path, took)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// mention is an Events API app_mention callback.
func mention(eventID, user, text, ts string) string {
	b, _ := json.Marshal(map[string]any{
		"token": "unused", "team_id": slackTeam, "api_app_id": "A0CHATGOV", "type": "event_callback",
		"event_id": eventID, "event_time": 1700000000,
		"event": map[string]any{"type": "app_mention", "user": user, "text": "<@" + botUser + "> " + text, "ts": ts,
			"channel": slackChannel, "event_ts": ts},
	})
	return string(b)
}

// slash is a slash command's form.
func slash(w *world, text, responseID, trigger string) string {
	return url.Values{"token": {"unused"}, "team_id": {slackTeam}, "team_domain": {"chatgov"}, "channel_id": {slackChannel},
		"channel_name": {"ops"}, "user_id": {"U0MEMBER01"}, "user_name": {"juan"}, "command": {"/aws"}, "text": {text},
		"response_url": {w.slack.srv.URL + "/response/" + responseID}, "trigger_id": {trigger}}.Encode()
}

// teamsSign signs a Teams outgoing webhook's body with its security token.
func teamsSign(body, token string) string {
	key, _ := base64.StdEncoding.DecodeString(token)
	mac := hmac.New(sha256.New, key)
	io.WriteString(mac, body)
	return "HMAC " + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
