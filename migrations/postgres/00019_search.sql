-- +goose Up
-- Full-text search (issue 13): GIN indexes on the tsvector expressions internal/store/search.go queries,
-- in the german configuration (stemming: "Anträge" finds "Antrag"). The expressions must stay exactly as
-- the queries write them, or the planner cannot use the indexes. Expression indexes instead of stored
-- tsvector columns: nothing to keep in sync, and the rows stay as they are.
CREATE INDEX projects_search_idx ON projects USING GIN ((
    setweight(to_tsvector('german', title), 'A') ||
    setweight(to_tsvector('german', summary), 'B') ||
    setweight(to_tsvector('german', description), 'C')));
CREATE INDEX documents_search_idx ON documents USING GIN (to_tsvector('german', title));
CREATE INDEX document_versions_search_idx ON document_versions USING GIN (to_tsvector('german', markdown));
-- Comments are the big table (100,000 and more): their vector is stored, so that neither the recheck of
-- the index hits nor ts_rank parse and stem every matching body again (that was two thirds of the time
-- of a two-word search). Only what readers may see is indexed: the partial index carries the same
-- condition as the query (published and not deleted).
ALTER TABLE comments ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('german', body)) STORED;
CREATE INDEX comments_search_idx ON comments USING GIN (search_vector)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX sessions_search_idx ON sessions USING GIN ((
    setweight(to_tsvector('german', title), 'A') ||
    setweight(to_tsvector('german', description), 'C')));
CREATE INDEX agenda_items_search_idx ON agenda_items USING GIN (to_tsvector('german', title));
CREATE INDEX session_minutes_versions_search_idx ON session_minutes_versions USING GIN (to_tsvector('german', public_markdown));

-- +goose Down
DROP INDEX session_minutes_versions_search_idx;
DROP INDEX agenda_items_search_idx;
DROP INDEX sessions_search_idx;
DROP INDEX comments_search_idx;
ALTER TABLE comments DROP COLUMN search_vector;
DROP INDEX document_versions_search_idx;
DROP INDEX documents_search_idx;
DROP INDEX projects_search_idx;
