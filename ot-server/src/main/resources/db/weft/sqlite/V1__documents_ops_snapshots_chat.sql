-- Weft storage schema, version 1. See docs/storage.md.
-- Times are Unix epoch milliseconds (UTC). Operations are ot-text-unicode JSON text.

-- One row per document. 'doc' is the compact key the other tables use; 'version' is the latest
-- committed version, so the conditional append is one UPDATE ... WHERE version = v - 1.
CREATE TABLE documents (
    doc            INTEGER PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    version        INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
    oldest_version INTEGER NOT NULL DEFAULT 0 CHECK (oldest_version >= 0),
    length         INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

-- Every committed operation. The primary key (doc, version) arbitrates concurrent appends; the
-- unique (doc, client_id, seq) index finds resubmissions and makes each one land at most once.
CREATE TABLE ops (
    doc          INTEGER NOT NULL REFERENCES documents (doc),
    version      INTEGER NOT NULL CHECK (version >= 1),
    client_id    TEXT    NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    op           TEXT    NOT NULL,
    committed_at INTEGER NOT NULL,
    PRIMARY KEY (doc, version)
) WITHOUT ROWID;

CREATE UNIQUE INDEX ops_by_author ON ops (doc, client_id, seq);

-- The document's text at some versions: the base (if any) and the latest.
CREATE TABLE snapshots (
    doc        INTEGER NOT NULL REFERENCES documents (doc),
    version    INTEGER NOT NULL CHECK (version >= 0),
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (doc, version)
);

-- Each document's recent chat; older messages are deleted as new ones arrive.
CREATE TABLE chat (
    message INTEGER PRIMARY KEY,
    doc     INTEGER NOT NULL REFERENCES documents (doc),
    author  TEXT    NOT NULL,
    text    TEXT    NOT NULL,
    sent_at INTEGER NOT NULL
);

CREATE INDEX chat_by_doc ON chat (doc, message);
