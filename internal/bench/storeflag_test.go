package bench

import (
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
