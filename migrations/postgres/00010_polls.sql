-- +goose Up
-- Polls on a subject (a project; agenda items come with sessions). Counters live on the poll and its
-- options, so results never count ballots. A ballot starts with
--   UPDATE polls SET ballot_count = ballot_count + 1 WHERE id = ? AND state = 'open'
-- which serialises it with the close (UPDATE ... WHERE state = 'open'): a ballot answered 201 is counted.
CREATE TABLE polls (
    id             BIGSERIAL PRIMARY KEY,
    subject_type   TEXT NOT NULL CHECK (subject_type IN ('project', 'agenda_item')),
    subject_id     BIGINT NOT NULL,
    question       TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('yes_no_abstain', 'single_choice', 'multiple_choice')),
    audience       TEXT NOT NULL CHECK (audience IN ('public', 'council')),
    secrecy        TEXT NOT NULL CHECK (secrecy IN ('secret', 'named')),
    results        TEXT NOT NULL CHECK (results IN ('live', 'after_close')),
    quorum         INTEGER,
    max_choices    INTEGER NOT NULL,
    state          TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'closed')),
    ballot_count   BIGINT NOT NULL DEFAULT 0,
    eligible_count INTEGER,
    version        INTEGER NOT NULL DEFAULT 1,
    created_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    opened_at      TIMESTAMPTZ,
    closed_at      TIMESTAMPTZ
);
CREATE INDEX polls_subject_idx ON polls (subject_type, subject_id, id);

CREATE TABLE poll_options (
    id         BIGSERIAL PRIMARY KEY,
    poll_id    BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    vote_count BIGINT NOT NULL DEFAULT 0,
    UNIQUE (poll_id, position)
);

-- THAT a user voted, nothing about what or when: no choice, no time, no sequential id.
CREATE TABLE poll_voters (
    poll_id BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (poll_id, user_id)
);

-- Who chose what, for NAMED council polls only (public record). Secret polls write no row here: their
-- ballots only move the counters of poll_options.
CREATE TABLE poll_ballots (
    poll_id   BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    option_id BIGINT NOT NULL REFERENCES poll_options (id) ON DELETE CASCADE
);
CREATE INDEX poll_ballots_poll_idx ON poll_ballots (poll_id);

-- The council members who may vote in a council poll, taken when it opens.
CREATE TABLE poll_eligible (
    poll_id BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (poll_id, user_id)
);

-- +goose Down
DROP TABLE poll_eligible;
DROP TABLE poll_ballots;
DROP TABLE poll_voters;
DROP TABLE poll_options;
DROP TABLE polls;
