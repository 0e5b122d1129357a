-- +goose Up
-- Sessions of the Digitalrat (issue 12): the session with its state machine, the ordered agenda, the
-- attendance and the speaker lists per agenda item. State changes are conditional updates
--   UPDATE sessions SET state = 'live' ... WHERE id = ? AND state = 'scheduled'
-- so of two concurrent moderators exactly one moves the state; every change to a speaker list first
-- bumps speakers_version of its agenda item, whose row lock serialises the changes of one list.
CREATE TABLE sessions (
    id                    BIGSERIAL PRIMARY KEY,
    title                 TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    starts_at             TIMESTAMPTZ NOT NULL,
    location              TEXT NOT NULL DEFAULT '',
    online_url            TEXT NOT NULL DEFAULT '',
    visibility            TEXT NOT NULL CHECK (visibility IN ('public', 'non_public')),
    quorum                DOUBLE PRECISION NOT NULL DEFAULT 0.5 CHECK (quorum > 0 AND quorum <= 1),
    speaking_time_seconds INTEGER NOT NULL DEFAULT 180,
    state                 TEXT NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'live', 'closed')),
    version               INTEGER NOT NULL DEFAULT 1,
    created_by            BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    started_at            TIMESTAMPTZ,
    closed_at             TIMESTAMPTZ
);
CREATE INDEX sessions_starts_at_idx ON sessions (starts_at, id);

-- Agenda items; notes (the moderator's) and decision are the texts the minutes are drafted from.
CREATE TABLE agenda_items (
    id                    BIGSERIAL PRIMARY KEY,
    session_id            BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    position              INTEGER NOT NULL,
    title                 TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    project_id            BIGINT REFERENCES projects (id) ON DELETE SET NULL,
    confidential          BOOLEAN NOT NULL DEFAULT FALSE,
    state                 TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'in_discussion', 'done')),
    speaking_time_seconds INTEGER,
    notes                 TEXT NOT NULL DEFAULT '',
    decision              TEXT NOT NULL DEFAULT '',
    speakers_version      INTEGER NOT NULL DEFAULT 0,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    started_at            TIMESTAMPTZ,
    ended_at              TIMESTAMPTZ
);
CREATE INDEX agenda_items_session_idx ON agenda_items (session_id, position);
-- Exactly one item of a session is in discussion at a time.
CREATE UNIQUE INDEX agenda_items_active_idx ON agenda_items (session_id) WHERE state = 'in_discussion';

-- Council members present; marked_by is the moderator who marked them (NULL: they checked in).
CREATE TABLE session_attendance (
    session_id    BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    checked_in_at TIMESTAMPTZ NOT NULL,
    marked_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (session_id, user_id)
);

-- Speaker list entries of an agenda item with the actual speaking times.
CREATE TABLE session_speakers (
    id           BIGSERIAL PRIMARY KEY,
    session_id   BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    item_id      BIGINT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    user_id      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('speech', 'pro', 'contra', 'point_of_order')),
    state        TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'speaking', 'done', 'withdrawn')),
    requested_at TIMESTAMPTZ NOT NULL,
    started_at   TIMESTAMPTZ,
    ended_at     TIMESTAMPTZ
);
CREATE INDEX session_speakers_item_idx ON session_speakers (item_id, id);
-- One open request (waiting or speaking) per member and item, and one running speech per item.
CREATE UNIQUE INDEX session_speakers_open_idx ON session_speakers (item_id, user_id) WHERE state IN ('waiting', 'speaking');
CREATE UNIQUE INDEX session_speakers_running_idx ON session_speakers (item_id) WHERE state = 'speaking';

-- +goose Down
DROP TABLE session_speakers;
DROP TABLE session_attendance;
DROP TABLE agenda_items;
DROP TABLE sessions;
