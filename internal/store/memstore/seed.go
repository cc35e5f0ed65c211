package memstore

import (
	"context"
	"errors"

	"github.com/chatgov/chatgov/internal/store"
)

// putState writes every record of st: policies before their attachments,
// configurations before their user identities. A State carries no
// compliance history, only the last IDs, which a new store cannot hold
// without events: they are left out.
func putState(ctx context.Context, tx store.Tx, st *store.State) error {
	var errs []error
	for k, v := range st.Settings {
		errs = append(errs, tx.PutSetting(ctx, k, v))
	}
	if st.Organization != nil {
		errs = append(errs, tx.PutOrganization(ctx, *st.Organization))
	}
	errs = append(errs,
		putAll(ctx, st.PolicyTypes, tx.PutPolicyType),
		putAll(ctx, st.OUs, tx.PutOU),
		putAll(ctx, st.Accounts, tx.PutAccount),
		putAll(ctx, st.CreateStatuses, tx.PutCreateAccountStatus),
		putAll(ctx, st.Policies, tx.PutPolicy),
		putAll(ctx, st.Attachments, tx.Attach),
		putAll(ctx, st.Tags, tx.PutTag),
		putAll(ctx, st.DelegatedAdmins, tx.PutDelegatedAdmin),
		putAll(ctx, st.ServiceAccess, tx.PutServiceAccess),
		putAll(ctx, st.Credentials, tx.PutCredential),
		putAll(ctx, st.ChatConfigurations, tx.PutChatConfiguration),
		putAll(ctx, st.SlackChannels, tx.PutSlackChannel),
		putAll(ctx, st.TeamsTeams, tx.PutTeamsTeam),
		putAll(ctx, st.Preferences, tx.PutAccountPreferences),
		putAll(ctx, st.UserIdentities, tx.PutUserIdentity),
		putAll(ctx, st.RolePermissions, tx.PutRolePermissions),
		putAll(ctx, st.ManagedPolicies, tx.PutManagedPolicy),
		putAll(ctx, st.Handshakes, tx.PutHandshake),
		putAll(ctx, st.StandaloneAccounts, tx.PutStandaloneAccount),
		putAll(ctx, st.SigningSecrets, tx.PutSigningSecret),
		putAll(ctx, st.CustomActions, tx.PutCustomAction),
		putAll(ctx, st.ChatAssociations, tx.PutChatAssociation),
		putAll(ctx, st.Stacks, tx.PutStack),
	)
	return errors.Join(errs...)
}

// putAll puts every record of rs and returns every error.
func putAll[R any](ctx context.Context, rs []R, put func(context.Context, R) error) error {
	var errs []error
	for _, r := range rs {
		errs = append(errs, put(ctx, r))
	}
	return errors.Join(errs...)
}
