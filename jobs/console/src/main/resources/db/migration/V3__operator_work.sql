-- What the web console needs on top of the store (V2 belongs to accounts and sessions).
--
-- Operator work on an incident: who it is assigned to and why it was closed. The audit trail of
-- every action stays in operator_actions; these columns only hold the current value for lists.
ALTER TABLE incidents ADD COLUMN assignee TEXT;
ALTER TABLE incidents ADD COLUMN closed_reason TEXT;

-- A change counter: every insert or update of an incident takes the next value, so the live
-- feed (server-sent events) asks "what changed after N" with an index, in its client's scope.
-- Writers of incidents take one transaction-scoped advisory lock first, so they run one after
-- the other and the numbers follow commit order: once the feed has seen N committed, no change
-- numbered below N can commit later and be missed. (Operator actions take the same lock before
-- their row locks, so the two writers always lock in the same order.)
CREATE SEQUENCE incident_changes;
ALTER TABLE incidents ADD COLUMN change_seq BIGINT NOT NULL DEFAULT nextval('incident_changes');
CREATE INDEX incidents_change_seq ON incidents (change_seq);

CREATE FUNCTION incidents_next_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_advisory_xact_lock(7301);
    NEW.change_seq := nextval('incident_changes');
    RETURN NEW;
END
$$;
CREATE TRIGGER incidents_next_change
    BEFORE INSERT OR UPDATE ON incidents
    FOR EACH ROW EXECUTE FUNCTION incidents_next_change();

-- One notification per committed transaction that changed incidents (PostgreSQL folds identical
-- notifications of a transaction into one and delivers it at commit): the feed wakes up on it.
CREATE FUNCTION incidents_notify_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('debitwatch_incidents', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER incidents_notify_change
    AFTER INSERT OR UPDATE ON incidents
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_notify_change();

-- Breakdowns count by these, and the list filters on them.
CREATE INDEX incidents_first_decided ON incidents (first_decided_at);
CREATE INDEX incidents_store ON incidents (store_id);
CREATE INDEX incidents_app_version ON incidents (app_version);

-- The list sorted by amount (largest first, without an amount last), paged by keyset.
CREATE INDEX incidents_amount ON incidents ((COALESCE(amount_minor, -1)) DESC, incident_id DESC);
-- The money at risk: open UNMATCHED_DEBIT amounts, read from the index alone.
CREATE INDEX incidents_at_risk ON incidents (merchant_id, currency, amount_minor)
    WHERE state = 'open' AND type = 'UNMATCHED_DEBIT';
