package migrate

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func files(names ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, n := range names {
		fsys[n] = &fstest.MapFile{Data: []byte("-- " + n)}
	}
	return fsys
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		want    []string // names in order
		wantErr string
	}{
		{name: "empty", fsys: files()},
		{name: "ordered by version, not by name", fsys: files("0002_b.sql", "0010_a.sql", "0001_c.sql", "3_d.sql", "0004_e.sql", "0005_f.sql", "0006_g.sql", "0007_h.sql", "0008_i.sql", "0009_j.sql"),
			want: []string{"0001_c.sql", "0002_b.sql", "3_d.sql", "0004_e.sql", "0005_f.sql", "0006_g.sql", "0007_h.sql", "0008_i.sql", "0009_j.sql", "0010_a.sql"}},
		{name: "other files ignored", fsys: files("0001_init.sql", "README.md"), want: []string{"0001_init.sql"}},
		{name: "bad name", fsys: files("0001_init.sql", "0002 more.sql"), wantErr: "0002 more.sql"},
		{name: "no number", fsys: files("init.sql"), wantErr: "init.sql"},
		{name: "gap", fsys: files("0001_a.sql", "0003_c.sql"), wantErr: "0003_c.sql: version 3, want 2"},
		{name: "repeat", fsys: files("0001_a.sql", "0001_b.sql"), wantErr: "version 1, want 2"},
		{name: "starts at zero", fsys: files("0000_a.sql"), wantErr: "version 0, want 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ms, err := Parse(tt.fsys)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, m := range ms {
				got = append(got, m.Name)
				if m.Version != int64(i+1) || m.SQL != "-- "+m.Name {
					t.Errorf("migration %d = %+v", i, m)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
		})
	}
}

// fakeDB understands exactly the statements Apply sends about
// schema_migrations and records every other statement as a migration's body.
// Transactions are all or nothing, as in a real database.
type fakeDB struct {
	applied  map[int64]bool
	ran      []string
	failOn   string // a migration body that fails
	lockHeld bool
}

type fakeTx struct {
	db      *fakeDB
	applied map[int64]bool
	ran     []string
}

var number = regexp.MustCompile(`[0-9]+\)?$`)

func versionIn(sql string) int64 {
	v, _ := strconv.ParseInt(strings.TrimSuffix(number.FindString(sql), ")"), 10, 64)
	return v
}

func (tx *fakeTx) Exec(_ context.Context, sql string) error {
	switch {
	case strings.HasPrefix(sql, "CREATE TABLE IF NOT EXISTS schema_migrations"):
	case strings.HasPrefix(sql, "INSERT INTO schema_migrations"):
		tx.applied[versionIn(sql)] = true
	case sql == tx.db.failOn:
		return errors.New("syntax error")
	default:
		tx.ran = append(tx.ran, sql)
	}
	return nil
}

func (tx *fakeTx) QueryInt64(_ context.Context, sql string) (int64, error) {
	switch {
	case strings.Contains(sql, "MAX(version)"):
		var m int64
		for v := range tx.applied {
			m = max(m, v)
		}
		return m, nil
	case strings.Contains(sql, "COUNT(*)"):
		if tx.applied[versionIn(sql)] {
			return 1, nil
		}
		return 0, nil
	}
	return 0, fmt.Errorf("unexpected query %q", sql)
}

func (db *fakeDB) inTx(ctx context.Context, fn func(Tx) error) error {
	if db.lockHeld {
		return errors.New("nested transaction")
	}
	db.lockHeld = true
	defer func() { db.lockHeld = false }()
	tx := &fakeTx{db: db, applied: map[int64]bool{}}
	for v := range db.applied {
		tx.applied[v] = true
	}
	if err := fn(tx); err != nil {
		return err
	}
	db.applied, db.ran = tx.applied, append(db.ran, tx.ran...)
	return nil
}

func TestApply(t *testing.T) {
	t.Parallel()
	fsys := files("0001_a.sql", "0002_b.sql", "0003_c.sql")
	tests := []struct {
		name        string
		applied     []int64
		failOn      string
		wantRan     []string
		wantApplied []int64
		wantErr     string
	}{
		{name: "fresh database", wantRan: []string{"-- 0001_a.sql", "-- 0002_b.sql", "-- 0003_c.sql"}, wantApplied: []int64{1, 2, 3}},
		{name: "partly applied", applied: []int64{1}, wantRan: []string{"-- 0002_b.sql", "-- 0003_c.sql"}, wantApplied: []int64{1, 2, 3}},
		{name: "up to date", applied: []int64{1, 2, 3}, wantApplied: []int64{1, 2, 3}},
		{name: "newer database", applied: []int64{1, 2, 3, 4}, wantApplied: []int64{1, 2, 3, 4}, wantErr: "version 4, newer than this binary's 3"},
		{name: "failure stops and records nothing of the failed one", failOn: "-- 0002_b.sql",
			wantRan: []string{"-- 0001_a.sql"}, wantApplied: []int64{1}, wantErr: "0002_b.sql: syntax error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := &fakeDB{applied: map[int64]bool{}, failOn: tt.failOn}
			for _, v := range tt.applied {
				db.applied[v] = true
			}
			err := Apply(context.Background(), fsys, db.inTx)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Apply error = %v, want one containing %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantRan, db.ran); diff != "" {
				t.Errorf("migrations run (-want +got):\n%s", diff)
			}
			var applied []int64
			for v := int64(1); v <= 10; v++ {
				if db.applied[v] {
					applied = append(applied, v)
				}
			}
			if diff := cmp.Diff(tt.wantApplied, applied); diff != "" {
				t.Errorf("recorded versions (-want +got):\n%s", diff)
			}
		})
	}
}
