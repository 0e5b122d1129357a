-- +goose Up
-- OParl (issue 12): a council member appears as an OParl Person only after agreeing to it.
ALTER TABLE users ADD COLUMN oparl_consent BOOLEAN NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN oparl_consent;
