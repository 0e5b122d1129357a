-- +goose Up
-- Comments on a project or on a block of a document version, threaded through parent_id. depth is 0 for
-- top-level comments. kind 'official_response', channels other than 'online' (analogue contributions) and
-- statuses other than 'published' are written by later features; the columns take them already.
CREATE TABLE comments (
    id               BIGSERIAL PRIMARY KEY,
    project_id       BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    document_id      BIGINT REFERENCES documents (id) ON DELETE CASCADE,
    document_version INTEGER,
    block_id         TEXT,
    parent_id        BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    depth            INTEGER NOT NULL DEFAULT 0,
    author_id        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body             TEXT NOT NULL,
    body_html        TEXT NOT NULL,
    stance           TEXT CHECK (stance IN ('pro', 'contra', 'neutral')),
    kind             TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'question', 'official_response')),
    channel          TEXT NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'letter', 'phone', 'in_person')),
    submitter_name   TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'pending', 'hidden', 'removed')),
    edited_at        TIMESTAMPTZ,
    deleted_at       TIMESTAMPTZ,
    up_count         INTEGER NOT NULL DEFAULT 0,
    down_count       INTEGER NOT NULL DEFAULT 0,
    reply_count      INTEGER NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
-- The list shows top-level comments of a project by id (new, old) or by score (top); replies are loaded
-- through parent_id; block lists and counts go through (document_id, block_id).
CREATE INDEX comments_project_top_idx ON comments (project_id, id) WHERE parent_id IS NULL;
CREATE INDEX comments_project_score_idx ON comments (project_id, (up_count - down_count) DESC, id) WHERE parent_id IS NULL;
CREATE INDEX comments_parent_idx ON comments (parent_id, id);
CREATE INDEX comments_block_idx ON comments (document_id, block_id, id);
CREATE INDEX comments_author_idx ON comments (author_id);
-- on_earlier_version looks a block id up in one version.
CREATE INDEX document_blocks_version_block_idx ON document_blocks (version_id, block_id);

-- Earlier texts of edited or deleted comments, for moderators.
CREATE TABLE comment_revisions (
    id         BIGSERIAL PRIMARY KEY,
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    editor_id  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX comment_revisions_comment_idx ON comment_revisions (comment_id, id);

-- One vote per user and comment.
CREATE TABLE comment_votes (
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value      INTEGER NOT NULL CHECK (value IN (1, -1)),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX comment_votes_user_idx ON comment_votes (user_id, comment_id);

-- Idempotency-Key of create requests, per user, kept 24 h. completed_at is NULL while the first request
-- runs; only successful responses are kept.
CREATE TABLE idempotency_keys (
    id              BIGSERIAL PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    method          TEXT NOT NULL,
    route           TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    response_status INTEGER NOT NULL DEFAULT 0,
    response_body   TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    completed_at    TIMESTAMPTZ,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE comment_votes;
DROP TABLE comment_revisions;
DROP INDEX document_blocks_version_block_idx;
DROP TABLE comments;
