-- +goose Up
-- Sessions (issue 12): an agenda item may link a document of a project (its project's when both are set).
ALTER TABLE agenda_items ADD COLUMN document_id BIGINT REFERENCES documents (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE agenda_items DROP COLUMN document_id;
