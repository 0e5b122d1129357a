-- +goose Up
-- Who may receive an event beyond the topic's own rule: '' (everyone who may subscribe to the topic) or a
-- comma-separated list of 'moderators', 'council', 'user:<id>'. See internal/events.
ALTER TABLE events ADD COLUMN audience TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE events DROP COLUMN audience;
