-- +goose Up
CREATE TABLE users (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    email              TEXT NOT NULL UNIQUE,
    display_name       TEXT NOT NULL,
    password_hash      TEXT NOT NULL,
    roles              TEXT NOT NULL DEFAULT 'resident',
    affiliation        TEXT NOT NULL DEFAULT '',
    department         TEXT NOT NULL DEFAULT '',
    email_verified_at  DATETIME,
    disabled_at        DATETIME,
    tokens_valid_after DATETIME NOT NULL,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
CREATE INDEX users_display_name_idx ON users (lower(display_name));

CREATE TABLE refresh_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME,
    revoked_at DATETIME
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE email_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME
);
CREATE INDEX email_tokens_user_idx ON email_tokens (user_id);

CREATE TABLE mail_outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    sent_at    DATETIME,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_unsent_idx ON mail_outbox (id) WHERE sent_at IS NULL;

CREATE TABLE projects (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    slug           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    plain_summary  TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    owner_unit     TEXT NOT NULL,
    principles     TEXT NOT NULL DEFAULT '',
    expected_reach BIGINT NOT NULL DEFAULT 0,
    effort         INTEGER NOT NULL,
    budget_eur     BIGINT,
    start_date     TEXT NOT NULL DEFAULT '',
    end_date       TEXT NOT NULL DEFAULT '',
    lotse_name     TEXT NOT NULL DEFAULT '',
    lotse_email    TEXT NOT NULL DEFAULT '',
    comments_open  BOOLEAN NOT NULL DEFAULT 1,
    pre_moderation BOOLEAN NOT NULL DEFAULT 0,
    priority_score BIGINT NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE INDEX projects_status_idx ON projects (status);
CREATE INDEX projects_owner_idx ON projects (owner_unit);
CREATE INDEX projects_priority_idx ON projects (priority_score DESC, id);
CREATE INDEX projects_updated_idx ON projects (updated_at DESC, id);
CREATE INDEX projects_title_idx ON projects (title, id);

CREATE TABLE project_principles (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    principle  TEXT NOT NULL,
    PRIMARY KEY (project_id, principle)
);
CREATE INDEX project_principles_principle_idx ON project_principles (principle, project_id);

CREATE TABLE project_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    version    INTEGER NOT NULL,
    field      TEXT NOT NULL,
    old_value  TEXT NOT NULL DEFAULT '',
    new_value  TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX project_history_project_idx ON project_history (project_id, id);

CREATE TABLE documents (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id     BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE INDEX documents_project_idx ON documents (project_id, id);

CREATE TABLE document_versions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    markdown    TEXT NOT NULL,
    change_note TEXT NOT NULL DEFAULT '',
    created_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  DATETIME NOT NULL,
    UNIQUE (document_id, number)
);

CREATE TABLE document_blocks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    version_id BIGINT NOT NULL REFERENCES document_versions (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    block_id   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    text_hash  TEXT NOT NULL,
    html       TEXT NOT NULL,
    UNIQUE (version_id, position)
);
CREATE INDEX document_blocks_block_idx ON document_blocks (block_id);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    topic      TEXT NOT NULL,
    type       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX events_topic_idx ON events (topic, id);

-- +goose Down
DROP TABLE events;
DROP TABLE document_blocks;
DROP TABLE document_versions;
DROP TABLE documents;
DROP TABLE project_history;
DROP TABLE project_principles;
DROP TABLE projects;
DROP TABLE mail_outbox;
DROP TABLE email_tokens;
DROP TABLE refresh_tokens;
DROP TABLE users;
