package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/gov"
)

func newCredentialsCmd(s Streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "credentials",
		Short: "Manage the management account's root credentials in a store",
	}
	c.AddCommand(newCredentialsResetCmd(s))
	return c
}

func newCredentialsResetCmd(s Streams) *cobra.Command {
	cfg := config.Default()
	c := &cobra.Command{
		Use:   "reset",
		Short: "Issue new root credentials for the management account, revoking the old ones",
		Long: `Issue a new root access key for the management account of a store, for an operator who has
the data but lost the key (or must replace a leaked one). It revokes the management account's
root access keys and every session issued with them, stores a new key pair and prints it once,
as export lines:

  eval "$(chatgov credentials reset --data ./chatgov-data)"

On SQLite it needs the store to itself: stop the server first (a server holding the store makes
it fail and say which process holds it). On PostgreSQL the running servers apply the reset like
any other write. A server started with CHATGOV_ROOT_ACCESS_KEY_ID set stores
that key again on start: change or unset the variable too.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if v := s.getenv(config.EnvStore); v != "" && !c.Flags().Changed("store") {
				cfg.Store = v
			}
			return resetCredentials(c.Context(), cfg, s)
		},
	}
	f := c.Flags()
	f.StringVar(&cfg.DataDir, "data", cfg.DataDir, "directory of the embedded SQLite store")
	f.StringVar(&cfg.Store, "store", cfg.Store, "postgres://... for PostgreSQL, or sqlite:PATH (env "+config.EnvStore+")")
	return c
}

func resetCredentials(ctx context.Context, cfg config.Config, s Streams) error {
	kind, target := cfg.StoreKind()
	switch {
	case kind == "" || target == "":
		return usageErr("store %q: use postgres://..., postgresql://... or sqlite:PATH", cfg.Store)
	case kind == config.SQLite:
		// Opening a missing database would create an empty one.
		if _, err := os.Stat(target); errors.Is(err, os.ErrNotExist) {
			return usageErr("there is no chatgov store at %s (see --data)", target)
		}
	}
	lock, err := lockStore(ctx, cfg)
	var inUse *storeInUseError
	if errors.As(err, &inUse) {
		inUse.hint = "stop the server first: a reset needs the store to itself"
	}
	if err != nil {
		return &exitError{code: ExitFailed, msg: err.Error()}
	}
	defer lock.release()
	st, err := OpenStore(ctx, cfg)
	if err != nil {
		return &exitError{code: ExitFailed, msg: fmt.Sprintf("opening the store (%s): %v", cfg.StoreDescription(), err)}
	}
	defer st.Close()
	svc, err := gov.New(ctx, st, gov.Options{Feed: feedOf(st)})
	if err != nil {
		return &exitError{code: ExitFailed, msg: fmt.Sprintf("loading the store (%s): %v", cfg.StoreDescription(), err)}
	}
	rc, err := svc.ResetRootCredentials(ctx)
	if err != nil {
		return &exitError{code: ExitFailed, msg: err.Error()}
	}
	fmt.Fprintf(s.Err, "chatgov issued new root credentials for the management account %s and revoked %d root access %s and %d %s. They are shown this once.\n",
		rc.ManagementAccountID, len(rc.RevokedKeys), plural(len(rc.RevokedKeys), "key", "keys"), rc.RevokedSessions, plural(rc.RevokedSessions, "session", "sessions"))
	fmt.Fprintf(s.Out, "export AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY=%s\n", rc.AccessKeyID, rc.SecretAccessKey)
	return nil
}
