package commands

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chatgov/chatgov/internal/chatcmd"
)

func TestDecodeSlackEnvelope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		ok         bool
	}{
		{"Challenge", `{"type":"url_verification","challenge":"x"}`, true},
		{"Callback", `{"type":"event_callback","team_id":"T1","event_id":"Ev1"}`, true},
		{"CallbackWithoutTeam", `{"type":"event_callback","event_id":"Ev1"}`, false},
		{"NoType", `{"team_id":"T1"}`, false},
		{"NotJSON", `team_id=T1`, false},
		{"Array", `[]`, false},
		{"WrongTypes", `{"type":1}`, false},
	}
	for _, tt := range tests {
		if _, err := decodeSlackEnvelope([]byte(tt.body)); (err == nil) != tt.ok {
			t.Errorf("%s: error %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestDecodeSlashCommand(t *testing.T) {
	t.Parallel()
	base := "team_id=T1&channel_id=C1&user_id=U1&command=%2Faws&text=ec2+describe-instances&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1"
	tests := []struct {
		name, body string
		ok         bool
	}{
		{"Complete", base, true},
		{"NoTeam", strings.Replace(base, "team_id=T1&", "", 1), false},
		{"NoChannel", strings.Replace(base, "channel_id=C1&", "", 1), false},
		{"ResponseURLNotHTTP", strings.Replace(base, "https%3A", "file%3A", 1), false},
		{"NoResponseURL", base[:strings.Index(base, "&response_url")], false},
		{"BadEscape", base + "&text=%zz", false},
	}
	for _, tt := range tests {
		if _, err := decodeSlashCommand([]byte(tt.body)); (err == nil) != tt.ok {
			t.Errorf("%s: error %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestVerifySlack(t *testing.T) {
	t.Parallel()
	body := []byte(`{"type":"event_callback","team_id":"T1"}`)
	sign := func(secret string, at time.Time) http.Header {
		ts := strconv.FormatInt(at.Unix(), 10)
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte("v0:" + ts + ":" + string(body)))
		return http.Header{"X-Slack-Request-Timestamp": {ts}, "X-Slack-Signature": {"v0=" + hex.EncodeToString(mac.Sum(nil))}}
	}
	now := time.Now()
	tests := []struct {
		name    string
		header  http.Header
		secrets []string
		ok      bool
	}{
		{"Signed", sign("s1", now), []string{"s1"}, true},
		{"SecondSecret", sign("s2", now), []string{"s1", "s2"}, true},
		{"NoSecret", sign("s1", now), nil, false},
		{"WrongSecret", sign("s1", now), []string{"s2"}, false},
		{"Stale", sign("s1", now.Add(-5*time.Minute-time.Second)), []string{"s1"}, false},
		{"Unsigned", http.Header{}, []string{"s1"}, false},
		{"NotHex", http.Header{"X-Slack-Request-Timestamp": {strconv.FormatInt(now.Unix(), 10)}, "X-Slack-Signature": {"v0=zz"}}, []string{"s1"}, false},
	}
	for _, tt := range tests {
		if err := verifySlack(tt.header, body, tt.secrets...); (err == nil) != tt.ok {
			t.Errorf("%s: error %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestVerifyTeams(t *testing.T) {
	t.Parallel()
	token := base64.StdEncoding.EncodeToString([]byte("a teams outgoing webhook token"))
	body := []byte(`{"type":"message"}`)
	mac := hmac.New(sha256.New, []byte("a teams outgoing webhook token"))
	mac.Write(body)
	good := "HMAC " + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	tests := []struct {
		name, auth, token string
		ok                bool
	}{
		{"Signed", good, token, true},
		{"Bearer", strings.Replace(good, "HMAC", "Bearer", 1), token, false},
		{"NotBase64", "HMAC !!!", token, false},
		{"WrongToken", good, base64.StdEncoding.EncodeToString([]byte("another")), false},
		{"TokenNotBase64", good, "not base64!", false},
		{"Empty", "", token, false},
	}
	for _, tt := range tests {
		if err := verifyTeams(http.Header{"Authorization": {tt.auth}}, body, tt.token); (err == nil) != tt.ok {
			t.Errorf("%s: error %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestDecodeTeamsActivity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		ok         bool
	}{
		{"Message", `{"type":"message","text":"x","channelData":{"tenant":{"id":"t"},"channel":{"id":"c"}}}`, true},
		{"NotMessage", `{"type":"conversationUpdate","channelData":{"tenant":{"id":"t"},"channel":{"id":"c"}}}`, false},
		{"NoTenant", `{"type":"message","channelData":{"channel":{"id":"c"}}}`, false},
		{"NoChannel", `{"type":"message","channelData":{"tenant":{"id":"t"}}}`, false},
		{"NotJSON", `<xml/>`, false},
	}
	for _, tt := range tests {
		if _, err := decodeTeamsActivity([]byte(tt.body)); (err == nil) != tt.ok {
			t.Errorf("%s: error %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("line of output é\n", 100)
	tests := []struct {
		name, in string
		max      int
		cut      bool
	}{
		{"Short", "ok\n", 10, false},
		{"Exact", "0123456789", 10, false},
		{"Lines", long, 200, true},
		{"NoNewline", strings.Repeat("é", 100), 51, true},
	}
	for _, tt := range tests {
		out := truncate(tt.in, tt.max)
		if cut := strings.Contains(out, "output truncated"); cut != tt.cut {
			t.Errorf("%s: truncated = %v, want %v", tt.name, cut, tt.cut)
		}
		if !utf8.ValidString(out) {
			t.Errorf("%s: the cut split a character: %q", tt.name, out)
		}
		if body, _, _ := strings.Cut(out, "\n… (output truncated"); len(body) > tt.max {
			t.Errorf("%s: kept %d bytes, more than %d", tt.name, len(body), tt.max)
		}
	}
}

func TestCLIArgs(t *testing.T) {
	t.Parallel()
	cmd, err := chatcmd.Parse("@aws ec2 describe-instances --instance-ids i-1 i-2 --dry-run --filters Name=tag:env,Values=--debug --region eu-west-1 --endpoint-url http://evil",
		chatcmd.Env{AccountID: "111111111111", DefaultRegion: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(cliArgs(cmd, "http://127.0.0.1:4580"), " ")
	want := "ec2 describe-instances --dry-run --filters=Name=tag:env,Values=--debug --instance-ids i-1 i-2 --region eu-west-1 --output json --endpoint-url http://127.0.0.1:4580"
	if got != want {
		t.Errorf("cliArgs =\n%s\nwant\n%s", got, want)
	}
}
