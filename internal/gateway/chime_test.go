package gateway_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
)

// TestDeliversToChime posts to a Chime configuration's own webhook URL,
// which is on hooks.chime.aws: the gateway's HTTP client dials the TLS
// stand-in for that host (as a resolver pointing the name there would)
// and checks its certificate, made for example.com.
func TestDeliversToChime(t *testing.T) {
	t.Parallel()
	chime := newTLSWebhookStandIn(t)
	gw := fastGateway()
	tr := chime.Client().Transport.(*http.Transport).Clone()
	tr.TLSClientConfig.ServerName = "example.com"
	standIn := strings.TrimPrefix(chime.URL, "https://")
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == "hooks.chime.aws:443" {
			addr = standIn
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	gw.HTTPClient = &http.Client{Transport: tr}
	w := newWorld(t, gw)
	role := "arn:aws:iam::" + w.member.AccountID + ":role/chat"
	url := "https://hooks.chime.aws/incomingwebhooks/abc-123?token=xyz-789"
	desc := "ops room"
	_, err := w.srv.Service.CreateChatConfiguration(context.Background(), w.member, gov.NewChatConfiguration{Platform: gov.PlatformChime, Name: "chime-ops"},
		gov.ChatInput{IamRoleARN: &role, SnsTopicARNs: &[]string{w.topic}, WebhookURL: &url, WebhookDescription: &desc})
	must(t, err)
	w.publish(alarm)
	eventually(t, "the alarm in Chime", func() bool { return len(chime.received()) == 1 })
	var body struct{ Content string }
	must(t, json.Unmarshal(chime.received()[0], &body))
	if !strings.HasPrefix(body.Content, "/md **ALARM | cpu-high") {
		t.Errorf("Chime received %q", body.Content)
	}
	eventually(t, "Slack and Teams too", func() bool { return len(w.slack.received()) == 1 && len(w.teams.received()) == 1 })
}
