package commands

import (
	"net/http"
	"testing"
)

// The decoders read what anyone on the network can send: they must never
// panic, and must be deterministic.

func FuzzDecodeSlackEnvelope(f *testing.F) {
	f.Add([]byte(`{"type":"url_verification","challenge":"x"}`))
	f.Add([]byte(`{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"app_mention"}}`))
	f.Add([]byte(`{"type":`))
	f.Fuzz(func(t *testing.T, body []byte) {
		a, errA := decodeSlackEnvelope(body)
		b, errB := decodeSlackEnvelope(body)
		if a != b || (errA == nil) != (errB == nil) {
			t.Fatalf("not deterministic: %+v %v / %+v %v", a, errA, b, errB)
		}
		if errA == nil && a.Type != "url_verification" && a.TeamID == "" {
			t.Fatalf("accepted %q without a workspace", body)
		}
	})
}

func FuzzDecodeSlashCommand(f *testing.F) {
	f.Add([]byte("team_id=T1&channel_id=C1&user_id=U1&command=%2Faws&text=ec2+describe-instances&response_url=https%3A%2F%2Fhooks.slack.com%2Fx"))
	f.Add([]byte("team_id=%zz"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := decodeSlashCommand(body)
		if err == nil && (s.TeamID == "" || s.ChannelID == "" || s.ResponseURL == "") {
			t.Fatalf("accepted %q without a workspace, channel or response URL", body)
		}
	})
}

func FuzzDecodeTeamsActivity(f *testing.F) {
	f.Add([]byte(`{"type":"message","text":"<at>aws</at> ec2 describe-instances","channelData":{"tenant":{"id":"t"},"channel":{"id":"c"}}}`))
	f.Add([]byte(`{"type":"message","channelData":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := decodeTeamsActivity(body)
		if err == nil && (a.ChannelData.Tenant.ID == "" || a.ChannelData.Channel.ID == "") {
			t.Fatalf("accepted %q without a tenant or channel", body)
		}
	})
}

func FuzzVerify(f *testing.F) {
	f.Add([]byte("body"), "v0=abcd", "1700000000", "HMAC abcd", "c2VjcmV0")
	f.Fuzz(func(t *testing.T, body []byte, sig, ts, auth, secret string) {
		h := http.Header{"X-Slack-Signature": {sig}, "X-Slack-Request-Timestamp": {ts}, "Authorization": {auth}}
		// Forged signatures must not verify; neither call may panic.
		if verifySlack(h, body, "a-registered-signing-secret") == nil {
			t.Fatalf("a forged Slack signature verified: %q %q", sig, ts)
		}
		_ = verifyTeams(h, body, secret)
	})
}
