-- +goose Up
-- Full-text search (issue 13): one FTS5 index per searched table, as external content (the text stays
-- in the table only; the index holds the tokens), kept in sync by triggers on insert, update of the
-- indexed columns, and delete. unicode61 with remove_diacritics 2 folds case of all letters (Ä, Ö, Ü
-- included, which LOWER() leaves alone) and diacritics, so "übergang", "Übergang" and "ubergang" are
-- one token. Visibility (published comments, public sessions) is checked by the queries against the
-- tables, not here, so a moderation decision takes effect without touching the index.

CREATE VIRTUAL TABLE projects_fts USING fts5(title, summary, description, content='projects', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER projects_fts_ai AFTER INSERT ON projects BEGIN
    INSERT INTO projects_fts (rowid, title, summary, description) VALUES (new.id, new.title, new.summary, new.description);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER projects_fts_ad AFTER DELETE ON projects BEGIN
    INSERT INTO projects_fts (projects_fts, rowid, title, summary, description) VALUES ('delete', old.id, old.title, old.summary, old.description);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER projects_fts_au AFTER UPDATE OF title, summary, description ON projects BEGIN
    INSERT INTO projects_fts (projects_fts, rowid, title, summary, description) VALUES ('delete', old.id, old.title, old.summary, old.description);
    INSERT INTO projects_fts (rowid, title, summary, description) VALUES (new.id, new.title, new.summary, new.description);
END;
-- +goose StatementEnd
-- The rows that exist already.
INSERT INTO projects_fts (projects_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE documents_fts USING fts5(title, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title) VALUES (new.id, new.title);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER documents_fts_au AFTER UPDATE OF title ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO documents_fts (rowid, title) VALUES (new.id, new.title);
END;
-- +goose StatementEnd
-- The rows that exist already.
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE document_versions_fts USING fts5(markdown, content='document_versions', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER document_versions_fts_ai AFTER INSERT ON document_versions BEGIN
    INSERT INTO document_versions_fts (rowid, markdown) VALUES (new.id, new.markdown);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER document_versions_fts_ad AFTER DELETE ON document_versions BEGIN
    INSERT INTO document_versions_fts (document_versions_fts, rowid, markdown) VALUES ('delete', old.id, old.markdown);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER document_versions_fts_au AFTER UPDATE OF markdown ON document_versions BEGIN
    INSERT INTO document_versions_fts (document_versions_fts, rowid, markdown) VALUES ('delete', old.id, old.markdown);
    INSERT INTO document_versions_fts (rowid, markdown) VALUES (new.id, new.markdown);
END;
-- +goose StatementEnd
-- The rows that exist already.
INSERT INTO document_versions_fts (document_versions_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE comments_fts USING fts5(body, content='comments', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER comments_fts_ai AFTER INSERT ON comments BEGIN
    INSERT INTO comments_fts (rowid, body) VALUES (new.id, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER comments_fts_ad AFTER DELETE ON comments BEGIN
    INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER comments_fts_au AFTER UPDATE OF body ON comments BEGIN
    INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO comments_fts (rowid, body) VALUES (new.id, new.body);
END;
-- +goose StatementEnd
-- The rows that exist already.
INSERT INTO comments_fts (comments_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE sessions_fts USING fts5(title, description, content='sessions', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER sessions_fts_ai AFTER INSERT ON sessions BEGIN
    INSERT INTO sessions_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sessions_fts_ad AFTER DELETE ON sessions BEGIN
    INSERT INTO sessions_fts (sessions_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sessions_fts_au AFTER UPDATE OF title, description ON sessions BEGIN
    INSERT INTO sessions_fts (sessions_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
    INSERT INTO sessions_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
-- +goose StatementEnd
-- The rows that exist already.
INSERT INTO sessions_fts (sessions_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE agenda_items_fts USING fts5(title, content='agenda_items', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER agenda_items_fts_ai AFTER INSERT ON agenda_items BEGIN
    INSERT INTO agenda_items_fts (rowid, title) VALUES (new.id, new.title);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER agenda_items_fts_ad AFTER DELETE ON agenda_items BEGIN
    INSERT INTO agenda_items_fts (agenda_items_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER agenda_items_fts_au AFTER UPDATE OF title ON agenda_items BEGIN
    INSERT INTO agenda_items_fts (agenda_items_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO agenda_items_fts (rowid, title) VALUES (new.id, new.title);
END;
-- +goose StatementEnd
-- The rows that exist already.
INSERT INTO agenda_items_fts (agenda_items_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE session_minutes_versions_fts USING fts5(public_markdown, content='session_minutes_versions', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER session_minutes_versions_fts_ai AFTER INSERT ON session_minutes_versions BEGIN
    INSERT INTO session_minutes_versions_fts (rowid, public_markdown) VALUES (new.id, new.public_markdown);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER session_minutes_versions_fts_ad AFTER DELETE ON session_minutes_versions BEGIN
    INSERT INTO session_minutes_versions_fts (session_minutes_versions_fts, rowid, public_markdown) VALUES ('delete', old.id, old.public_markdown);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER session_minutes_versions_fts_au AFTER UPDATE OF public_markdown ON session_minutes_versions BEGIN
    INSERT INTO session_minutes_versions_fts (session_minutes_versions_fts, rowid, public_markdown) VALUES ('delete', old.id, old.public_markdown);
    INSERT INTO session_minutes_versions_fts (rowid, public_markdown) VALUES (new.id, new.public_markdown);
END;
-- +goose StatementEnd
-- The rows that exist already.
INSERT INTO session_minutes_versions_fts (session_minutes_versions_fts) VALUES ('rebuild');

-- +goose Down
DROP TRIGGER session_minutes_versions_fts_au;
DROP TRIGGER session_minutes_versions_fts_ad;
DROP TRIGGER session_minutes_versions_fts_ai;
DROP TABLE session_minutes_versions_fts;
DROP TRIGGER agenda_items_fts_au;
DROP TRIGGER agenda_items_fts_ad;
DROP TRIGGER agenda_items_fts_ai;
DROP TABLE agenda_items_fts;
DROP TRIGGER sessions_fts_au;
DROP TRIGGER sessions_fts_ad;
DROP TRIGGER sessions_fts_ai;
DROP TABLE sessions_fts;
DROP TRIGGER comments_fts_au;
DROP TRIGGER comments_fts_ad;
DROP TRIGGER comments_fts_ai;
DROP TABLE comments_fts;
DROP TRIGGER document_versions_fts_au;
DROP TRIGGER document_versions_fts_ad;
DROP TRIGGER document_versions_fts_ai;
DROP TABLE document_versions_fts;
DROP TRIGGER documents_fts_au;
DROP TRIGGER documents_fts_ad;
DROP TRIGGER documents_fts_ai;
DROP TABLE documents_fts;
DROP TRIGGER projects_fts_au;
DROP TRIGGER projects_fts_ad;
DROP TRIGGER projects_fts_ai;
DROP TABLE projects_fts;
