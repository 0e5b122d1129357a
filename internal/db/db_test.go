package db_test

import (
	"slices"
	"testing"

	"github.com/digitalrat/digitalrat/internal/testdb"
)

// TestDialectsHaveSameSchema migrates both dialects and compares their tables and columns, so a
// migration added to one directory only fails here.
func TestDialectsHaveSameSchema(t *testing.T) {
	t.Parallel()
	lite := testdb.NewSQLite(t)
	pg := testdb.NewPostgres(t)

	liteCols := map[string][]string{}
	// The FTS5 search indexes (<table>_fts and their shadow tables) are SQLite's counterpart of
	// PostgreSQL's GIN indexes, not tables of the schema.
	rows, err := lite.Gorm.Raw(`SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'
		AND m.name NOT LIKE '%\_fts' ESCAPE '\' AND m.name NOT LIKE '%\_fts\_%' ESCAPE '\' ORDER BY m.name, p.name`).Rows()
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tbl, col string
		if err := rows.Scan(&tbl, &col); err != nil {
			t.Fatal(err)
		}
		liteCols[tbl] = append(liteCols[tbl], col)
	}
	rows.Close()

	pgCols := map[string][]string{}
	// comments.search_vector is the stored tsvector of PostgreSQL's search index (SQLite: comments_fts).
	rows, err = pg.Gorm.Raw(`SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version' AND column_name <> 'search_vector'
		ORDER BY table_name, column_name`).Rows()
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tbl, col string
		if err := rows.Scan(&tbl, &col); err != nil {
			t.Fatal(err)
		}
		pgCols[tbl] = append(pgCols[tbl], col)
	}
	rows.Close()

	if len(liteCols) < 10 {
		t.Fatalf("expected the foundation tables, got %d tables", len(liteCols))
	}
	for tbl, cols := range liteCols {
		if !slices.Equal(cols, pgCols[tbl]) {
			t.Errorf("table %s: sqlite columns %v, postgres columns %v", tbl, cols, pgCols[tbl])
		}
	}
	for tbl := range pgCols {
		if _, ok := liteCols[tbl]; !ok {
			t.Errorf("table %s exists only in postgres", tbl)
		}
	}
}

// TestMigrationVersionsMatch checks that both dialect directories hold the same migration files.
func TestMigrationVersionsMatch(t *testing.T) {
	t.Parallel()
	names := func(dir string) []string {
		entries, err := migrationsFS.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	pg, lite := names("postgres"), names("sqlite")
	if !slices.Equal(pg, lite) {
		t.Fatalf("migration files differ: postgres %v, sqlite %v", pg, lite)
	}
}
