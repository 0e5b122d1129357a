-- +goose Up
-- An Idempotency-Key record is now written in the transaction of the write it guards, naming what the
-- write created ('comment:<id>', 'project:<slug>', 'document:<id>'); a retry whose first response was
-- never stored replays that resource (see internal/idempotency).
ALTER TABLE idempotency_keys ADD COLUMN resource TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE idempotency_keys DROP COLUMN resource;
