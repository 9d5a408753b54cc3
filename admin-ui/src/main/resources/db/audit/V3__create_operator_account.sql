-- Operator accounts, append-only like the audit (the runtime role may only SELECT and INSERT): every add, disable,
-- enable, password reset or role change is a new row, and an operator's account is its newest row.
CREATE TABLE operator_account (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT        NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    role          TEXT        NOT NULL CHECK (role IN ('viewer', 'editor')),
    password_hash TEXT        NOT NULL,
    enabled       BOOLEAN     NOT NULL,
    changed_at    TIMESTAMPTZ NOT NULL,
    change        TEXT        NOT NULL
);
CREATE INDEX operator_account_newest ON operator_account (name, id DESC);
