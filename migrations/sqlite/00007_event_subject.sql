-- +goose Up
-- What an outbox row is about ('comment:<id>' for events that carry a comment's text or author), so that
-- a hide, removal, edit, deletion or erasure can rewrite the earlier payloads of that comment with an
-- indexed UPDATE (see store.Events.ScrubSubject).
ALTER TABLE events ADD COLUMN subject TEXT NOT NULL DEFAULT '';
CREATE INDEX events_subject_idx ON events (subject) WHERE subject <> '';

-- +goose Down
DROP INDEX events_subject_idx;
ALTER TABLE events DROP COLUMN subject;
