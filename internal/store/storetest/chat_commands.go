package storetest

import (
	"context"
	"errors"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/store"
)

func putChatCommands(ctx context.Context, w store.ChatCommandWriter, st *store.State) error {
	return errors.Join(putAll(ctx, st.SigningSecrets, w.PutSigningSecret), putAll(ctx, st.CustomActions, w.PutCustomAction),
		putAll(ctx, st.ChatAssociations, w.PutChatAssociation))
}

const customAction = "arn:aws:chatbot::222222222222:custom-action/restart"

// testChatCommands checks that signing secrets, custom actions and
// associations come back as written (empty attachments and tags as "[]"
// and empty), that a Put replaces, that a Delete removes, and that a
// Delete of what is absent is ErrNotFound.
func testChatCommands(t *testing.T, s suite) {
	st := s.store(t)
	want := &store.State{
		SigningSecrets: []store.SigningSecret{
			{Platform: store.PlatformTeams, WorkspaceID: "9a2c4e3e-58b5-4e42-9f5b-2d4f0a7d1c11", Secret: "c2VjcmV0\"quoted\"", UpdatedAt: at(2)},
			{Platform: store.PlatformSlack, WorkspaceID: "T0123ABCD", Secret: "8f742231b10e8888abcd99yyyzzz85a5", UpdatedAt: at(1)},
		},
		CustomActions: []store.CustomAction{
			{ARN: customAction, AccountID: "222222222222", Name: "restart", AliasName: "restart",
				CommandText: "ecs update-service --cluster $cluster --service $service --force-new-deployment",
				Attachments: `[{"ButtonText":"Restart","NotificationType":"CloudWatch","Variables":{"cluster":"event.detail.cluster"}}]`,
				Tags:        map[string]string{"team": "ops"}, CreatedAt: at(3), UpdatedAt: at(4)},
			{ARN: customAction + "-bare", AccountID: "222222222222", Name: "restart-bare", CommandText: "sts get-caller-identity", CreatedAt: at(5)},
		},
		ChatAssociations: []store.ChatAssociation{
			{ConfigurationARN: slackCfg, ResourceARN: customAction, CreatedAt: at(6)},
			{ConfigurationARN: slackCfg, ResourceARN: customAction + "-bare", CreatedAt: at(7)},
		},
	}
	seed(t, st, want)
	got := load(t, st)
	wantActions := append([]store.CustomAction(nil), want.CustomActions...)
	wantActions[1].Attachments, wantActions[1].Tags = "[]", map[string]string{}
	sortCommands(got)
	if d := cmp.Diff(want.SigningSecrets, got.SigningSecrets); d != "" {
		t.Errorf("SigningSecrets (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantActions, got.CustomActions); d != "" {
		t.Errorf("CustomActions (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want.ChatAssociations, got.ChatAssociations); d != "" {
		t.Errorf("ChatAssociations (-want +got):\n%s", d)
	}

	update(t, st, func(ctx context.Context, tx store.Tx) error {
		s := want.SigningSecrets[1]
		s.Secret = "rotated"
		return errors.Join(tx.PutSigningSecret(ctx, s), tx.DeleteSigningSecret(ctx, store.PlatformTeams, want.SigningSecrets[0].WorkspaceID),
			tx.DeleteChatAssociation(ctx, slackCfg, customAction), tx.DeleteCustomAction(ctx, customAction))
	})
	got = load(t, st)
	if len(got.SigningSecrets) != 1 || got.SigningSecrets[0].Secret != "rotated" {
		t.Errorf("after a Put and a Delete, SigningSecrets = %+v, want the Slack secret rotated", got.SigningSecrets)
	}
	if len(got.CustomActions) != 1 || got.CustomActions[0].ARN != customAction+"-bare" {
		t.Errorf("after DeleteCustomAction, CustomActions = %+v", got.CustomActions)
	}
	if len(got.ChatAssociations) != 1 || got.ChatAssociations[0].ResourceARN != customAction+"-bare" {
		t.Errorf("after DeleteChatAssociation, ChatAssociations = %+v", got.ChatAssociations)
	}

	for name, del := range map[string]func(context.Context, store.Tx) error{
		"DeleteSigningSecret": func(ctx context.Context, tx store.Tx) error {
			return tx.DeleteSigningSecret(ctx, store.PlatformSlack, "TNOPE")
		},
		"DeleteCustomAction": func(ctx context.Context, tx store.Tx) error { return tx.DeleteCustomAction(ctx, customAction) },
		"DeleteChatAssociation": func(ctx context.Context, tx store.Tx) error {
			return tx.DeleteChatAssociation(ctx, slackCfg, customAction)
		},
	} {
		err := st.Update(t.Context(), func(ctx context.Context, tx store.Tx) error { return del(ctx, tx) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s of an absent record: %v, want ErrNotFound", name, err)
		}
	}
}

func sortCommands(st *store.State) {
	sort.Slice(st.SigningSecrets, func(i, j int) bool { return st.SigningSecrets[i].Platform < st.SigningSecrets[j].Platform })
	sort.Slice(st.CustomActions, func(i, j int) bool { return st.CustomActions[i].ARN < st.CustomActions[j].ARN })
	sort.Slice(st.ChatAssociations, func(i, j int) bool { return st.ChatAssociations[i].ResourceARN < st.ChatAssociations[j].ResourceARN })
}
