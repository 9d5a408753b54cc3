-- Every change an operator makes in the console, kept for as long as the database is.
CREATE TABLE audit_entry (
    id           BIGSERIAL PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    operator     TEXT        NOT NULL,
    action       TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    before_value TEXT        NOT NULL,
    after_value  TEXT        NOT NULL
);
