-- The console's store: one incident per order key, materialised from the job's output topics.
-- Rows of alerts, refund_requests and notifications are keyed by the ids the job gives them, so
-- a record delivered twice is stored once; consumer_offsets is written in the same transaction
-- as the rows, which makes the materialisation exactly-once.

CREATE TABLE incidents (
    incident_id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider         TEXT        NOT NULL,
    merchant_id      TEXT        NOT NULL,
    out_trade_no     TEXT        NOT NULL,
    -- The main alert: the latest one that is not an ALERT_RESOLVED.
    type             TEXT        NOT NULL,
    action           TEXT        NOT NULL,
    -- Every alert type the order has had, for the type filter.
    types            TEXT[]      NOT NULL,
    state            TEXT        NOT NULL DEFAULT 'open'
                     CHECK (state IN ('open', 'acknowledged', 'resolved')),
    amount_minor     BIGINT,
    currency         TEXT,
    provider_txn_id  TEXT,
    -- Known once terminal details reach the console (a later slice); null until then.
    store_id         TEXT,
    terminal_id      TEXT,
    app_version      TEXT,
    error_code       TEXT,
    alert_count      INTEGER     NOT NULL,
    first_decided_at TIMESTAMPTZ NOT NULL,
    last_decided_at  TIMESTAMPTZ NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (provider, merchant_id, out_trade_no)
);

-- The list is ordered by (last_decided_at DESC, incident_id DESC) and paged by keyset on it;
-- every filter has an index that keeps that order.
CREATE INDEX incidents_recent ON incidents (last_decided_at DESC, incident_id DESC);
CREATE INDEX incidents_state_recent ON incidents (state, last_decided_at DESC, incident_id DESC);
CREATE INDEX incidents_merchant_recent
    ON incidents (merchant_id, last_decided_at DESC, incident_id DESC);
CREATE INDEX incidents_types ON incidents USING GIN (types);
CREATE INDEX incidents_out_trade_no ON incidents (out_trade_no);
CREATE INDEX incidents_provider_txn_id ON incidents (provider_txn_id);

CREATE TABLE alerts (
    alert_id          TEXT        PRIMARY KEY,
    incident_id       BIGINT      NOT NULL REFERENCES incidents (incident_id),
    type              TEXT        NOT NULL,
    action            TEXT        NOT NULL,
    verdict           TEXT        NOT NULL,
    review_reason     TEXT,
    resolution        TEXT,
    resolves_alert_id TEXT,
    amount_minor      BIGINT,
    currency          TEXT,
    provider_txn_id   TEXT,
    decided_at        TIMESTAMPTZ NOT NULL,
    emitted_at        TIMESTAMPTZ NOT NULL,
    evidence          JSONB       NOT NULL
);
CREATE INDEX alerts_incident ON alerts (incident_id, decided_at);

-- Refund requests and notifications can reach the console before their order's alert (they are
-- separate topics), so they point at their order by key, not by incident id.
CREATE TABLE refund_requests (
    refund_request_id TEXT        PRIMARY KEY,
    alert_id          TEXT        NOT NULL,
    provider          TEXT        NOT NULL,
    merchant_id       TEXT        NOT NULL,
    out_trade_no      TEXT        NOT NULL,
    provider_txn_id   TEXT        NOT NULL,
    amount_minor      BIGINT      NOT NULL,
    currency          TEXT        NOT NULL,
    reason            TEXT        NOT NULL,
    -- requested until a refund outcome topic says otherwise (a later slice).
    state             TEXT        NOT NULL DEFAULT 'requested',
    stored_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX refund_requests_order ON refund_requests (provider, merchant_id, out_trade_no);

CREATE TABLE notifications (
    notification_id TEXT        PRIMARY KEY,
    channel         TEXT        NOT NULL,
    kind            TEXT        NOT NULL,
    provider        TEXT        NOT NULL,
    merchant_id     TEXT        NOT NULL,
    out_trade_no    TEXT        NOT NULL,
    severity        TEXT        NOT NULL,
    alert_id        TEXT,
    amount_minor    BIGINT,
    currency        TEXT,
    decided_at      TIMESTAMPTZ NOT NULL,
    emitted_at      TIMESTAMPTZ NOT NULL,
    text_zh         TEXT        NOT NULL,
    text_en         TEXT        NOT NULL
);
CREATE INDEX notifications_order ON notifications (provider, merchant_id, out_trade_no);

-- What operators did, and who: append-only (the trigger below refuses updates and deletes).
CREATE TABLE operator_actions (
    action_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id BIGINT      NOT NULL REFERENCES incidents (incident_id),
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    note        TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX operator_actions_incident ON operator_actions (incident_id, action_id);

CREATE FUNCTION operator_actions_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'operator_actions is an audit trail: rows cannot be changed or deleted';
END
$$;
CREATE TRIGGER operator_actions_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON operator_actions
    FOR EACH STATEMENT EXECUTE FUNCTION operator_actions_append_only();

-- The next offset to read per partition; the only source of truth for where to resume.
CREATE TABLE consumer_offsets (
    topic       TEXT    NOT NULL,
    partition   INTEGER NOT NULL,
    next_offset BIGINT  NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- Records that could not be stored (not JSON, not the schema), kept for the on-call engineer.
CREATE TABLE skipped_records (
    topic         TEXT        NOT NULL,
    partition     INTEGER     NOT NULL,
    record_offset BIGINT      NOT NULL,
    reason        TEXT        NOT NULL,
    raw           TEXT,
    skipped_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition, record_offset)
);
