package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/store"
)

// testChatJSON checks that a configuration's lists and tags come back
// exactly as written whatever their strings hold, and that nil and empty
// ones load alike, as empty (not nil), both when first written and when a
// Put replaces non-empty ones.
func testChatJSON(t *testing.T, s suite) {
	long := strings.Repeat("0123456789abcdef\"\\", 6000)
	many := make([]string, 100)
	manyTags := map[string]string{}
	for i := range many {
		many[i] = fmt.Sprintf("arn:aws:sns:us-east-1:222222222222:topic-%03d", 99-i)
		if i < 50 {
			manyTags[fmt.Sprintf("key-%02d", 49-i)] = fmt.Sprint(i)
		}
	}
	tests := []struct {
		name       string
		sns, guard []string
		tags       map[string]string
	}{
		{name: "Nil"},
		{name: "Empty", sns: []string{}, guard: []string{}, tags: map[string]string{}},
		{name: "One", sns: []string{"arn:aws:sns:us-east-1:222222222222:a"}, guard: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
			tags: map[string]string{"k": "v"}},
		{name: "Order", sns: []string{"c", "a", "b", "a"}, guard: []string{"z", "y"}, tags: map[string]string{"b": "2", "a": "1", "c": "3"}},
		{name: "EmptyStrings", sns: []string{"", ""}, guard: []string{""}, tags: map[string]string{"": ""}},
		{name: "Delimiters", sns: []string{`","`, `":"`, `"`, `["a"]`, `{"k":"v"}`, ",", "]", `"]`},
			guard: []string{`a","b`}, tags: map[string]string{`","`: `":"`, `"`: ",", `k":"v`: `"},{"`, "}": "{"}},
		{name: "Escapes", sns: []string{`\`, `\"`, `\n`, `\u0041`, `\\`}, guard: []string{`C:\dir\`},
			tags: map[string]string{`\`: `\\`, `\u0000`: `"\"`}},
		{name: "Control", sns: []string{"a\nb", "\t", "\x00", "\x01\x1f", "\x7f"}, guard: []string{"\r\n"},
			tags: map[string]string{"nl\n": "\r\n", "nul\x00": "\x00"}},
		{name: "Unicode", sns: []string{"ünïcödé ✓", "🎉", "\u2028\u2029", "<script>&amp;</script>", "\ufeff"}, guard: []string{"日本語"},
			tags: map[string]string{"ключ": "値", "<": ">&"}},
		{name: "Many", sns: many, guard: many[:3], tags: manyTags},
		{name: "Long", sns: []string{long, "x"}, guard: []string{long}, tags: map[string]string{long: long}},
	}
	config := func(i int, sns, guard []string, tags map[string]string) store.ChatConfiguration {
		return store.ChatConfiguration{ARN: fmt.Sprintf("%s-%02d", slackCfg, i), AccountID: devID, Platform: store.PlatformSlack,
			Name: fmt.Sprint(i), SnsTopicARNs: sns, GuardrailPolicyARNs: guard, Tags: tags, CreatedAt: at(i)}
	}
	var written, want []store.ChatConfiguration
	for i, tt := range tests {
		written = append(written, config(i, tt.sns, tt.guard, tt.tags))
		w := config(i, tt.sns, tt.guard, tt.tags)
		if w.SnsTopicARNs == nil {
			w.SnsTopicARNs = []string{}
		}
		if w.GuardrailPolicyARNs == nil {
			w.GuardrailPolicyARNs = []string{}
		}
		if w.Tags == nil {
			w.Tags = map[string]string{}
		}
		want = append(want, w)
	}
	// Control characters in every text field (but NUL, which PostgreSQL
	// text cannot hold) and in the lists and tags.
	odd := "a\x1eb\x1f\x01\n\"'\\;:,"
	oddConfig := store.ChatConfiguration{ARN: slackCfg + "-" + odd, AccountID: odd, Platform: odd, Name: odd, IamRoleARN: odd,
		SnsTopicARNs: []string{odd, "\x1e"}, LoggingLevel: odd, GuardrailPolicyARNs: []string{"\x1e\x1e"}, UserAuthorizationRequired: true,
		SlackTeamID: odd, SlackTeamName: odd, SlackChannelID: odd, SlackChannelName: odd,
		TenantID: odd, TeamID: odd, TeamName: odd, ChannelID: odd, ChannelName: odd,
		WebhookURL: odd, WebhookDescription: odd, Tags: map[string]string{odd: odd}, CreatedAt: at(1), UpdatedAt: at(2)}
	written = append(written, oddConfig)
	// Replaced: non-empty, then nil.
	full := config(len(tests), many, many, manyTags)
	replaced := config(len(tests), nil, nil, nil)
	wantReplaced := config(len(tests), []string{}, []string{}, map[string]string{})
	// And the other way round.
	empty := config(len(tests)+1, nil, []string{}, nil)
	filled := config(len(tests)+1, []string{"x"}, []string{"y"}, map[string]string{"k": ""})

	st := s.store(t)
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		return errors.Join(putChatConfigurations(ctx, tx, written), tx.PutChatConfiguration(ctx, full), tx.PutChatConfiguration(ctx, empty))
	})
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		return errors.Join(tx.PutChatConfiguration(ctx, replaced), tx.PutChatConfiguration(ctx, filled))
	})
	got := map[string]store.ChatConfiguration{}
	for _, c := range load(t, st).ChatConfigurations {
		got[c.ARN] = c
	}
	check := func(name string, want store.ChatConfiguration) {
		t.Helper()
		g, ok := got[want.ARN]
		if !ok {
			t.Errorf("%s: configuration %s not loaded", name, want.ARN)
			return
		}
		// No cmpopts.EquateEmpty: nil and empty differ here.
		if diff := gocmp.Diff(want, g); diff != "" {
			t.Errorf("%s: loaded configuration (-want +got):\n%s", name, diff)
		}
		if g.SnsTopicARNs == nil || g.GuardrailPolicyARNs == nil || g.Tags == nil {
			t.Errorf("%s: loaded nil lists or tags (SnsTopicARNs %#v, GuardrailPolicyARNs %#v, Tags %#v), want empty",
				name, g.SnsTopicARNs == nil, g.GuardrailPolicyARNs == nil, g.Tags == nil)
		}
	}
	for i, tt := range tests {
		check(tt.name, want[i])
	}
	check("Replaced", wantReplaced)
	check("Filled", filled)
	check("ControlCharacters", oddConfig)
	if len(got) != len(tests)+3 {
		t.Errorf("loaded %d configurations, want %d", len(got), len(tests)+3)
	}
}

// testChatCascade checks that a configuration's user identities go with
// it, and only with it: not when a Put replaces it (alone or among many),
// not to a configuration of the same name put again, and not its
// compliance history. It also
// checks that identities and configurations written in one Update see
// each other in the order they were written.
func testChatCascade(t *testing.T, s suite) {
	st := s.store(t)
	f := fixture()
	hist := Compliance{
		Causes: []store.ComplianceCause{{ID: 1, Time: at(40), Operation: "AttachPolicy", CallerARN: "arn:aws:iam::111111111111:root"}},
		Events: []store.ComplianceEvent{{ID: 1, CauseID: 1, Time: at(40), ConfigurationARN: slackCfg, AccountID: devID,
			Platform: store.PlatformSlack, OldState: "ENABLED", NewState: "DISABLED", Reason: "r"}},
	}
	seedAll(t, st, f, hist)
	want := withLastIDs(fixture(), hist)

	// Replaced in place: the identities stay.
	changed := f.ChatConfigurations[0]
	changed.Name, changed.SnsTopicARNs, changed.UpdatedAt = "ops-renamed", nil, at(41)
	update(t, st, func(ctx context.Context, tx store.Tx) error { return tx.PutChatConfiguration(ctx, changed) })
	want.ChatConfigurations[0] = changed
	checkState(t, load(t, st), want, 2)

	// Deleted: its identities go, the others' and the history stay.
	update(t, st, func(ctx context.Context, tx store.Tx) error { return tx.DeleteChatConfiguration(ctx, slackCfg) })
	want.ChatConfigurations = without(want.ChatConfigurations, func(c store.ChatConfiguration) bool { return c.ARN == slackCfg })
	want.UserIdentities = without(want.UserIdentities, func(u store.UserIdentity) bool { return u.ConfigurationARN == slackCfg })
	checkState(t, load(t, st), want, 3)
	checkCompliance(t, st, hist)

	// Put again: the old identities do not come back.
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		return tx.PutChatConfiguration(ctx, f.ChatConfigurations[0])
	})
	want.ChatConfigurations = append(want.ChatConfigurations, f.ChatConfigurations[0])
	checkState(t, load(t, st), want, 4)

	// In one Update: a new configuration and its identity; an identity of
	// a configuration deleted just before is not found; and one deleted
	// with its configuration is gone.
	fresh := store.ChatConfiguration{ARN: slackCfg + "-fresh", AccountID: devID, Platform: store.PlatformSlack, Name: "fresh"}
	freshUser := store.UserIdentity{ConfigurationARN: fresh.ARN, ChatUserID: "U0009", TeamID: slackTeam, CreatedAt: at(42)}
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		if err := tx.PutChatConfiguration(ctx, fresh); err != nil {
			return err
		}
		if err := tx.PutUserIdentity(ctx, freshUser); err != nil {
			return fmt.Errorf("identity of a configuration put earlier in the Update: %w", err)
		}
		if err := tx.DeleteChatConfiguration(ctx, teamsCfg); err != nil {
			return err
		}
		err := tx.PutUserIdentity(ctx, f.UserIdentities[2])
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("PutUserIdentity of a configuration deleted earlier in the Update: %v, want ErrNotFound", err)
		}
		err = tx.DeleteUserIdentity(ctx, teamsCfg, f.UserIdentities[2].ChatUserID)
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("DeleteUserIdentity of a configuration deleted earlier in the Update: %v, want ErrNotFound", err)
		}
		return nil
	})
	want.ChatConfigurations = append(without(want.ChatConfigurations, func(c store.ChatConfiguration) bool { return c.ARN == teamsCfg }), fresh)
	want.UserIdentities = []store.UserIdentity{freshUser}
	checkState(t, load(t, st), want, 5)

	// Many replaced at once, as a driver that batches its writes would
	// send them: still in place.
	many := ChatConfigurations(0, 250, 10)
	users := make([]store.UserIdentity, len(many))
	for i, c := range many {
		users[i] = store.UserIdentity{ConfigurationARN: c.ARN, ChatUserID: "U0001", TeamID: slackTeam}
	}
	seed(t, st, &store.State{ChatConfigurations: many, UserIdentities: users})
	for i := range many {
		many[i].Name += "-renamed"
	}
	seed(t, st, &store.State{ChatConfigurations: many})
	want.ChatConfigurations = append(want.ChatConfigurations, many...)
	want.UserIdentities = append(want.UserIdentities, users...)
	checkState(t, load(t, st), want, 7)
}
