package bench

import (
	"fmt"
	"net/url"
	"strings"
)

// MaxReplicas bounds --replicas: every replica holds the whole state in
// this one process.
const MaxReplicas = 16

// ParseStore resolves chatgov-bench's --store and --postgres-url: store is
// "sqlite", "postgres" (PostgreSQL at postgresURL), or a postgres:// or
// postgresql:// URL, which is PostgreSQL at that URL. It returns the kind
// (StoreSQLite or StorePostgres) and, for PostgreSQL, the URL the run
// creates its schema in. The error says which value was wrong and what the
// flags accept; a password in a value is not repeated.
func ParseStore(store, postgresURL string) (kind, pgURL string, err error) {
	switch {
	case store == StoreSQLite:
		if postgresURL != "" {
			return "", "", fmt.Errorf("--postgres-url is for PostgreSQL; leave it out with --store sqlite, or use --store postgres")
		}
		return StoreSQLite, "", nil
	case store == StorePostgres:
		if postgresURL == "" {
			return "", "", fmt.Errorf("--store postgres needs --postgres-url (postgres://user@host:5432/db?sslmode=disable), or give the URL as --store")
		}
		if err := checkPostgresURL("--postgres-url", postgresURL); err != nil {
			return "", "", err
		}
		return StorePostgres, postgresURL, nil
	case isPostgresURL(store):
		if postgresURL != "" && postgresURL != store {
			return "", "", fmt.Errorf("give the PostgreSQL URL once: --store %s or --postgres-url %s, not both", redacted(store), redacted(postgresURL))
		}
		if err := checkPostgresURL("--store", store); err != nil {
			return "", "", err
		}
		return StorePostgres, store, nil
	}
	return "", "", fmt.Errorf("--store must be sqlite, postgres (with --postgres-url) or a postgres:// URL, not %q", redacted(store))
}

// isPostgresURL says whether s names PostgreSQL by its URL scheme.
func isPostgresURL(s string) bool {
	scheme, _, ok := strings.Cut(s, "://")
	return ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql"))
}

// checkPostgresURL makes sure the value of flag is a PostgreSQL URL.
func checkPostgresURL(flag, s string) error {
	if !isPostgresURL(s) {
		return fmt.Errorf("%s must be a postgres:// or postgresql:// URL, not %q", flag, redacted(s))
	}
	if _, err := url.Parse(s); err != nil {
		return fmt.Errorf("%s is not a valid URL (postgres://user@host:5432/db?sslmode=disable): %q", flag, redacted(s))
	}
	return nil
}

// redacted is s with the password of a URL replaced, for messages.
func redacted(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		return u.Redacted()
	}
	if scheme, rest, ok := strings.Cut(s, "://"); ok {
		// Not a URL url.Parse accepts; hide whatever may be credentials.
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			return scheme + "://xxxxx" + rest[at:]
		}
	}
	return s
}
