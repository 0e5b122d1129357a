-- +goose Up
-- The live retention cleanup deletes outbox rows by age.
CREATE INDEX events_created_at_idx ON events (created_at);

-- +goose Down
DROP INDEX events_created_at_idx;
