-- +goose Up
-- Rate limits shared by all instances (issue 8): one row per rule and key holding the "theoretical arrival
-- time" of the generic cell rate algorithm, which behaves exactly like a token bucket (see
-- internal/ratelimit). tat is in microseconds since the Unix epoch; a row whose tat has passed is a full
-- bucket, the same as no row, so the hourly cleanup deletes it. key is a SHA-256 of the limited value (an
-- email or IP address, a user id), so no personal data is kept here. The SQLite server limits in process
-- (one instance); the table exists there too so that both dialects have the same schema.
CREATE TABLE rate_limits (
    rule TEXT NOT NULL,
    key  TEXT NOT NULL,
    tat  BIGINT NOT NULL,
    PRIMARY KEY (rule, key)
);
CREATE INDEX rate_limits_tat_idx ON rate_limits (tat);

-- +goose Down
DROP TABLE rate_limits;
