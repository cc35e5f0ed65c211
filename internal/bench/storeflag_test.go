package bench

import (
	neturl "net/url"
	"strings"
	"testing"
)

func TestParseStore(t *testing.T) {
	t.Parallel()
	const pg = "postgres://bench@db.example:5432/chatgov?sslmode=disable"
	cases := []struct {
		name, store, postgresURL string
		kind, url                string
		err                      string // "" for no error
	}{
		{"sqlite", "sqlite", "", StoreSQLite, "", ""},
		{"postgres and URL", "postgres", pg, StorePostgres, pg, ""},
		{"postgres URL", pg, "", StorePostgres, pg, ""},
		{"postgresql URL", "postgresql://h/db", "", StorePostgres, "postgresql://h/db", ""},
		{"upper-case scheme", "POSTGRES://h/db", "", StorePostgres, "POSTGRES://h/db", ""},
		{"URL twice, same", pg, pg, StorePostgres, pg, ""},
		{"postgres without URL", "postgres", "", "", "", "--store postgres needs --postgres-url"},
		{"postgres with a bad URL", "postgres", "mysql://h/db", "", "", "--postgres-url must be a postgres:// or postgresql:// URL"},
		{"two URLs", pg, "postgres://other/db", "", "", "give the PostgreSQL URL once"},
		{"sqlite with a URL", "sqlite", pg, "", "", "--postgres-url is for PostgreSQL"},
		{"unknown", "mysql", "", "", "", `--store must be sqlite, postgres (with --postgres-url) or a postgres:// URL, not "mysql"`},
		{"empty", "", "", "", "", `--store must be sqlite, postgres (with --postgres-url) or a postgres:// URL, not ""`},
		{"other scheme with a password", "mysql://u:hunter2@h/db", "", "", "", `not "mysql://u:xxxxx@h/db"`},
		{"unparsable URL", "postgres://u:hunter2@h:port/db", "", "", "", "--store is not a valid URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kind, url, err := ParseStore(tc.store, tc.postgresURL)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				if strings.Contains(err.Error(), "hunter2") {
					t.Errorf("the error repeats the password: %v", err)
				}
				return
			}
			if err != nil || kind != tc.kind || url != tc.url {
				t.Errorf("got %q %q %v, want %q %q", kind, url, err, tc.kind, tc.url)
			}
		})
	}
}

// FuzzParseStore checks that any --store and --postgres-url give a kind or
// an error, never a panic, and that an error does not repeat a URL's
// password.
func FuzzParseStore(f *testing.F) {
	for _, seed := range [][2]string{{"sqlite", ""}, {"postgres", "postgres://u:pw@h/db"}, {"postgresql://h/db", ""},
		{"mysql://u:secretpw@h/db", ""}, {"postgres://u:secretpw@h:x/db", ""}, {"", ""}, {"postgres://", "postgres://a"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, store, postgresURL string) {
		kind, url, err := ParseStore(store, postgresURL)
		if err != nil {
			if kind != "" || url != "" {
				t.Fatalf("an error (%v) with a kind %q and URL %q", err, kind, url)
			}
			for _, s := range []string{store, postgresURL} {
				if u, perr := neturl.Parse(s); perr == nil && u.User != nil {
					if pw, ok := u.User.Password(); ok && len(pw) >= 6 && strings.Contains(err.Error(), ":"+pw+"@") {
						t.Fatalf("the error repeats the password of %q: %v", s, err)
					}
				}
			}
			return
		}
		switch kind {
		case StoreSQLite:
			if url != "" {
				t.Fatalf("SQLite with a URL %q", url)
			}
		case StorePostgres:
			if !isPostgresURL(url) {
				t.Fatalf("PostgreSQL at %q", url)
			}
		default:
			t.Fatalf("kind %q", kind)
		}
	})
}
