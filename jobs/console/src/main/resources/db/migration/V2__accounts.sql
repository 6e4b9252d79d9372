-- The console's security: accounts, login sessions, API tokens and the login attempts that rate
-- limiting counts. No secret is stored in clear: passwords as bcrypt hashes, session ids and API
-- tokens as SHA-256 digests (they are 256-bit random values, so a fast digest is enough).

CREATE TABLE accounts (
    account_id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username            TEXT        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    password_hash       TEXT        NOT NULL CHECK (password_hash LIKE '$2%'),
    role                TEXT        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    -- Null: every merchant; else only these merchant ids.
    merchant_ids        TEXT[]      CHECK (merchant_ids IS NULL OR cardinality(merchant_ids) > 0),
    disabled            BOOLEAN     NOT NULL DEFAULT false,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    password_changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
    -- SHA-256 of the session id the browser holds in its cookie.
    session_hash BYTEA       PRIMARY KEY,
    account_id   BIGINT      NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    -- The synchronizer token that state-changing requests of this session must carry.
    csrf_token   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    token_id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    -- SHA-256 of the token; the token itself is shown once, when it is created.
    token_hash   BYTEA       NOT NULL UNIQUE,
    role         TEXT        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    merchant_ids TEXT[]      CHECK (merchant_ids IS NULL OR cardinality(merchant_ids) > 0),
    created_by   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

-- Failed logins within the rate-limit window, by the username tried and the client address.
CREATE TABLE login_failures (
    failure_id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       TEXT        NOT NULL,
    source_address TEXT        NOT NULL,
    failed_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username ON login_failures (username, failed_at);
CREATE INDEX login_failures_source ON login_failures (source_address, failed_at);
CREATE INDEX login_failures_age ON login_failures (failed_at);
