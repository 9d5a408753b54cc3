-- One row per distinct target URL. The unique index on the URL's SHA-256 (not the URL itself, which may be up to
-- 2048 characters, too long to index comfortably) makes "same URL, same code" hold even when two nodes race.
CREATE TABLE short_link (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       VARCHAR(16)   NOT NULL,
    url        VARCHAR(2048) NOT NULL,
    url_sha256 BYTEA         NOT NULL,
    created_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT short_link_code_key UNIQUE (code),
    CONSTRAINT short_link_url_sha256_key UNIQUE (url_sha256)
);
