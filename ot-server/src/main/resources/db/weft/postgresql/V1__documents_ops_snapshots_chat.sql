-- Weft storage schema for PostgreSQL, version 1: the SQLite schema's tables and keys in
-- PostgreSQL types. See docs/storage.md and docs/deployment.md.
-- Times are Unix epoch milliseconds (UTC). Operations are ot-text-unicode JSON text.

-- One row per document. 'version' is the latest committed version, so the conditional append
-- is one UPDATE ... WHERE version = v - 1; the row lock it takes serializes writers of a document.
CREATE TABLE documents (
    doc            BIGSERIAL PRIMARY KEY,
    id             TEXT   NOT NULL UNIQUE,
    version        BIGINT NOT NULL DEFAULT 0 CHECK (version >= 0),
    oldest_version BIGINT NOT NULL DEFAULT 0 CHECK (oldest_version >= 0),
    length         BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

-- Every committed operation. The primary key (doc, version) arbitrates concurrent appends from
-- every node; the unique (doc, client_id, seq) index makes each resubmission land at most once.
CREATE TABLE ops (
    doc          BIGINT NOT NULL REFERENCES documents (doc),
    version      BIGINT NOT NULL CHECK (version >= 1),
    client_id    TEXT   NOT NULL,
    seq          BIGINT NOT NULL CHECK (seq >= 1),
    op           TEXT   NOT NULL,
    committed_at BIGINT NOT NULL,
    PRIMARY KEY (doc, version)
);

CREATE UNIQUE INDEX ops_by_author ON ops (doc, client_id, seq);

-- The document's text at some versions: the base (if any) and the latest.
CREATE TABLE snapshots (
    doc        BIGINT NOT NULL REFERENCES documents (doc),
    version    BIGINT NOT NULL CHECK (version >= 0),
    text       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (doc, version)
);

-- Each document's recent chat; older messages are deleted as new ones arrive.
CREATE TABLE chat (
    message BIGSERIAL PRIMARY KEY,
    doc     BIGINT NOT NULL REFERENCES documents (doc),
    author  TEXT   NOT NULL,
    text    TEXT   NOT NULL,
    sent_at BIGINT NOT NULL
);

CREATE INDEX chat_by_doc ON chat (doc, message);
