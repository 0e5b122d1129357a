-- +goose Up
-- Moderation and public answers (issue 5). hidden_reason is set while a comment is hidden (a reason
-- category, "flagged" for the automatic hide). question_status follows questions: open, in_progress
-- (taken_by, taken_at), answered (first_response_at: the first official response). department is the
-- department of an official response. received_at is the date an analogue contribution came in.
ALTER TABLE comments ADD COLUMN hidden_reason TEXT;
ALTER TABLE comments ADD COLUMN department TEXT;
ALTER TABLE comments ADD COLUMN question_status TEXT CHECK (question_status IN ('open', 'in_progress', 'answered'));
ALTER TABLE comments ADD COLUMN taken_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE comments ADD COLUMN taken_at DATETIME;
ALTER TABLE comments ADD COLUMN first_response_at DATETIME;
ALTER TABLE comments ADD COLUMN appealed_at DATETIME;
ALTER TABLE comments ADD COLUMN received_at TEXT;
UPDATE comments SET question_status = 'open' WHERE kind = 'question';
CREATE INDEX comments_questions_idx ON comments (kind, question_status, id);

-- One flag per user and comment; resolved_at is set when a moderator decided on the comment.
CREATE TABLE comment_flags (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    comment_id  BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL CHECK (reason IN ('spam', 'offensive', 'off_topic', 'personal_data', 'other')),
    text        TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    resolved_at DATETIME,
    UNIQUE (comment_id, user_id)
);

-- The moderation queue: one row per comment waiting for a moderator, oldest first by id. Acting on a
-- comment deletes its row in the same transaction, so of two moderators only one succeeds.
CREATE TABLE moderation_queue (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    comment_id BIGINT NOT NULL UNIQUE REFERENCES comments (id) ON DELETE CASCADE,
    reason     TEXT NOT NULL CHECK (reason IN ('pending', 'flagged', 'appeal')),
    created_at DATETIME NOT NULL
);

-- The public moderation log. note is for moderators only; actor_role is what the public sees.
CREATE TABLE moderation_actions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    action     TEXT NOT NULL CHECK (action IN ('approve', 'hide', 'restore', 'remove')),
    reason     TEXT,
    note       TEXT NOT NULL DEFAULT '',
    actor_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    actor_role TEXT NOT NULL,
    created_at DATETIME NOT NULL
);

-- Notifications of a user, newest first.
CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    comment_id   BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    project_slug TEXT NOT NULL DEFAULT '',
    reason       TEXT,
    created_at   DATETIME NOT NULL,
    read_at      DATETIME
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- +goose Down
DROP TABLE notifications;
DROP TABLE moderation_actions;
DROP TABLE moderation_queue;
DROP TABLE comment_flags;
DROP INDEX comments_questions_idx;
ALTER TABLE comments DROP COLUMN received_at;
ALTER TABLE comments DROP COLUMN appealed_at;
ALTER TABLE comments DROP COLUMN first_response_at;
ALTER TABLE comments DROP COLUMN taken_at;
ALTER TABLE comments DROP COLUMN taken_by;
ALTER TABLE comments DROP COLUMN question_status;
ALTER TABLE comments DROP COLUMN department;
ALTER TABLE comments DROP COLUMN hidden_reason;
