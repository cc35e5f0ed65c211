package commands

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/chatgov/chatgov/internal/gov"
)

// teamsActivity is what the gateway reads of the activity a Microsoft Teams
// outgoing webhook posts.
type teamsActivity struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Text string `json:"text"`
	From struct {
		ID          string `json:"id"`
		AADObjectID string `json:"aadObjectId"`
	} `json:"from"`
	ChannelData struct {
		Tenant  struct{ ID string } `json:"tenant"`
		Channel struct{ ID string } `json:"channel"`
		Team    struct{ ID string } `json:"team"`
	} `json:"channelData"`
}

// decodeTeamsActivity reads an outgoing webhook's activity; it returns an
// error for a body that is not one, or that names no tenant or channel.
func decodeTeamsActivity(body []byte) (teamsActivity, error) {
	var a teamsActivity
	if err := json.Unmarshal(body, &a); err != nil {
		return a, fmt.Errorf("the body is not a Teams activity: %w", err)
	}
	switch {
	case a.Type != "message":
		return a, fmt.Errorf("the activity's type is %q, not message", a.Type)
	case a.ChannelData.Tenant.ID == "":
		return a, fmt.Errorf("the activity names no tenant (channelData.tenant.id)")
	case a.ChannelData.Channel.ID == "":
		return a, fmt.Errorf("the activity names no channel (channelData.channel.id)")
	}
	return a, nil
}

// verifyTeams checks an outgoing webhook's signature: the Authorization
// header "HMAC <signature>", the signature the base64 HMAC-SHA256 of the
// body keyed with the webhook's security token (itself base64), compared
// in constant time.
func verifyTeams(header http.Header, body []byte, secret string) error {
	sig, ok := strings.CutPrefix(header.Get("Authorization"), "HMAC ")
	if !ok {
		return fmt.Errorf("the request has no HMAC Authorization header")
	}
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(sig))
	if err != nil {
		return fmt.Errorf("the signature is not base64")
	}
	key, err := base64.StdEncoding.DecodeString(secret)
	if err != nil {
		return fmt.Errorf("the registered security token is not base64")
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), got) {
		return fmt.Errorf("the signature does not match")
	}
	return nil
}

// reTeamsMention is a mention in an activity's text (<at>aws</at>).
var reTeamsMention = regexp.MustCompile(`<at>[^<]*</at>`)

// serveTeams answers an outgoing webhook in its response: Teams has no
// later answer for outgoing webhooks, so the work is bounded by the
// handler's budget.
func (h *Handler) serveTeams(w http.ResponseWriter, r *http.Request) {
	team := r.PathValue("team")
	body, ok := h.readBody(w, r)
	if !ok {
		return
	}
	secret, found := h.gov.SigningSecret(gov.PlatformTeams, team)
	if !found {
		h.refuse(w, r, gov.PlatformTeams, team, "no signing secret is registered for the team")
		return
	}
	if err := verifyTeams(r.Header, body, secret); err != nil {
		h.refuse(w, r, gov.PlatformTeams, team, err.Error())
		return
	}
	a, err := decodeTeamsActivity(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	text := strings.TrimSpace(reTeamsMention.ReplaceAllString(a.Text, ""))
	text = strings.ReplaceAll(text, "&nbsp;", " ")
	in := gov.ChannelCommandInput{Platform: gov.PlatformTeams, TenantID: a.ChannelData.Tenant.ID, TeamID: team,
		ChannelID: a.ChannelData.Channel.ID, ChatUserID: a.From.AADObjectID, Text: text}
	ctx, cancel := context.WithTimeout(r.Context(), h.budget)
	defer cancel()
	h.work.Add(1)
	reply, _ := h.answer(ctx, in, "", false)
	h.work.Done()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"type": "message", "text": reply})
}
