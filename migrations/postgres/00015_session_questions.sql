-- +goose Up
-- Public questions to public sessions (issue 12): a verified resident asks, a moderator approves or
-- rejects (state changes are conditional updates WHERE state = 'pending', so of two moderators one
-- wins) and marks an approved question answered. user_id is NULL once the asker's account is deleted.
CREATE TABLE session_questions (
    id          BIGSERIAL PRIMARY KEY,
    session_id  BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
    created_at  TIMESTAMPTZ NOT NULL,
    decided_at  TIMESTAMPTZ,
    decided_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    answered_at TIMESTAMPTZ
);
CREATE INDEX session_questions_session_idx ON session_questions (session_id, id);

-- Council polls on agenda items: the members the session's quorum required when the poll opened (the
-- voters are the members present then, snapshot into poll_eligible); NULL for polls on projects.
ALTER TABLE polls ADD COLUMN session_quorum_required INTEGER;

-- +goose Down
ALTER TABLE polls DROP COLUMN session_quorum_required;
DROP TABLE session_questions;
