package commands_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

const (
	teamsTenant  = "5b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	teamsTeam    = "9a2c4e3e-58b5-4e42-9f5b-2d4f0a7d1c11"
	teamsChannel = "19:b6ef35dc342d56ba5654e6fc6d25a071@thread.tacv2"
	teamsToken   = "bXktdGVhbXMtb3V0Z29pbmctd2ViaG9vay10b2tlbiE=" // base64, as Teams shows it
)

// teamsActivity is an outgoing webhook's message.
func teamsActivity(text string) string {
	b, _ := json.Marshal(map[string]any{
		"type": "message", "id": "1700000000123", "text": "<at>aws</at>&nbsp;" + text,
		"from":         map[string]any{"id": "29:1abc", "name": "Juan", "aadObjectId": "0f0e0d0c-0b0a-4909-8807-060504030201"},
		"conversation": map[string]any{"id": teamsChannel + ";messageid=1700000000123"},
		"channelData": map[string]any{"teamsChannelId": teamsChannel, "teamsTeamId": "19:team@thread.tacv2",
			"channel": map[string]any{"id": teamsChannel}, "team": map[string]any{"id": "19:team@thread.tacv2"},
			"tenant": map[string]any{"id": teamsTenant}},
	})
	return string(b)
}

// A Teams outgoing webhook is verified with its security token and
// answered in its response; a denial never runs.
func TestTeamsOutgoingWebhook(t *testing.T) {
	w := newWorld(t, nil)
	ctx := context.Background()
	admin := w.admin()
	if _, err := admin.PutTeamsTeam(ctx, api.PutTeamsTeamInput{TenantID: teamsTenant, TeamID: teamsTeam, TeamName: "ops"}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.PutSigningSecret(ctx, api.PutSigningSecretInput{Platform: gov.PlatformTeams, WorkspaceID: teamsTeam, SigningSecret: teamsToken}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.chatbot(w.memberCfg()).CreateMicrosoftTeamsChannelConfiguration(ctx, &chatbot.CreateMicrosoftTeamsChannelConfigurationInput{
		ConfigurationName: aws.String("teams-ops"), TenantId: aws.String(teamsTenant), TeamId: aws.String(teamsTeam),
		ChannelId: aws.String("19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2"), IamRoleArn: aws.String(w.memberRole())}); err != nil {
		t.Fatal(err)
	}
	send := func(team, body, auth string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, w.url()+"/teams/"+team+"/messages", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var m struct{ Type, Text string }
		json.Unmarshal(b, &m)
		if resp.StatusCode == http.StatusOK && m.Type != "message" {
			t.Errorf("answer %s is not a Teams message", b)
		}
		return resp.StatusCode, m.Text
	}
	allowed := teamsActivity("organizations describe-organization")
	tests := []struct {
		name, team, body, auth string
		want                   int
		wantText               []string
	}{
		{"Unsigned", teamsTeam, allowed, "", http.StatusUnauthorized, nil},
		{"WrongToken", teamsTeam, allowed, teamsSign(allowed, "b3RoZXItdG9rZW4tb3RoZXItdG9rZW4tb3RoZXIhIQ=="), http.StatusUnauthorized, nil},
		{"Tampered", teamsTeam, strings.Replace(allowed, "describe-organization", "list-accounts", 1), teamsSign(allowed, teamsToken), http.StatusUnauthorized, nil},
		{"UnknownTeam", "00000000-0000-4000-8000-000000000000", allowed, teamsSign(allowed, teamsToken), http.StatusUnauthorized, nil},
		{"Allowed", teamsTeam, allowed, teamsSign(allowed, teamsToken), http.StatusOK, []string{"aws organizations describe-organization", "would run"}},
		{"UpperCaseTeam", strings.ToUpper(teamsTeam), allowed, teamsSign(allowed, teamsToken), http.StatusOK, []string{"would run"}},
		{"Denied", teamsTeam, teamsActivity("iam list-users"), teamsSign(teamsActivity("iam list-users"), teamsToken), http.StatusOK,
			[]string{"AWS Chatbot's blocked actions", contactSentence}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, text := send(tt.team, tt.body, tt.auth)
			if status != tt.want {
				t.Fatalf("status %d, want %d (%q)", status, tt.want, text)
			}
			for _, s := range tt.wantText {
				if !strings.Contains(text, s) {
					t.Errorf("answer %q lacks %q", text, s)
				}
			}
		})
	}
	runs := w.rec.ran()
	if len(runs) != 2 {
		t.Fatalf("%d runs, want the 2 allowed ones: %+v", len(runs), runs)
	}
	if runs[0].ChatUserID != "0f0e0d0c-0b0a-4909-8807-060504030201" || runs[0].RoleARN != w.memberRole() {
		t.Errorf("run %+v, want the member's AAD object ID and the channel role", runs[0])
	}
}
