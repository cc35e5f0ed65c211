package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// schemaPool keeps the schemas of the conformance suite's finished tests,
// emptied, for the tests that follow. Creating and migrating a schema for
// each of the suite's two hundred tests and dropping it afterwards was most
// of the server's work in a run (the catalog changes of some twenty tables
// and their indexes, on catalogs that every dropped table leaves larger
// until they are vacuumed); deleting a test's few rows is not. An emptied
// schema is what a new one is: the migrated tables, without rows, at
// revision 0. Only the suite's schemas are pooled: its tests reach them
// through the store contract alone, which cannot change a schema's shape.
type schemaPool struct {
	mu   sync.Mutex
	free []string
	// empty is the script that empties a schema, %[1]s standing for its
	// name, learnt from the first one migrated.
	empty string
}

// take returns an emptied schema, or "" when there is none.
func (p *schemaPool) take() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.free)
	if n == 0 {
		return ""
	}
	schema := p.free[n-1]
	p.free = p.free[:n-1]
	return schema
}

func (p *schemaPool) put(schema string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, schema)
}

// learn makes, from schema, just migrated, the script that empties a
// schema: a DELETE of each table, those that foreign keys reference last,
// except the migrations', then the revision back to 0.
func (p *schemaPool) learn(ctx context.Context, admin *pgxpool.Pool, schema string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.empty != "" {
		return nil
	}
	rows, err := admin.Query(ctx, `SELECT c.relname FROM pg_class c
		WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1) AND c.relkind = 'r'
			AND c.relname NOT IN ('schema_migrations', 'revision')
		ORDER BY EXISTS (SELECT 1 FROM pg_constraint f WHERE f.confrelid = c.oid AND f.contype = 'f'), c.relname`, schema)
	if err != nil {
		return err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, t := range tables {
		fmt.Fprintf(&b, "DELETE FROM %%[1]s.%s;\n", pgx.Identifier{t}.Sanitize())
	}
	b.WriteString("UPDATE %[1]s.revision SET value = 0;")
	p.empty = b.String()
	return nil
}

// release gives schema, which tb's stores no longer use, back to the pool,
// emptied, when the server pools schemas; it drops it otherwise, or when
// emptying it fails.
func (s *server) release(tb testing.TB, schema string) {
	ctx := context.Background()
	ident := pgx.Identifier{schema}.Sanitize()
	if s.reuse {
		// Without arguments, pgx sends the script as one simple query: one
		// transaction.
		_, err := s.admin.Exec(ctx, fmt.Sprintf(s.pool.empty, ident))
		if err == nil {
			s.pool.put(schema)
			return
		}
		tb.Logf("emptying schema %s for the next test: %v; dropping it", schema, err)
	}
	if _, err := s.admin.Exec(ctx, "DROP SCHEMA "+ident+" CASCADE"); err != nil {
		tb.Errorf("dropping schema %s: %v", schema, err)
	}
}

// dropFree drops the schemas left in the pool when the server's last test
// ends.
func (s *server) dropFree(tb testing.TB) {
	for schema := s.pool.take(); schema != ""; schema = s.pool.take() {
		if _, err := s.admin.Exec(context.Background(), "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			tb.Errorf("dropping schema %s: %v", schema, err)
		}
	}
}
