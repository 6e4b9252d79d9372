-- The list filtered by store or by terminal app version, newest first, paged by keyset: like the
-- merchant filter, each needs an index in the list's order. With 1,000,000 incidents and a dozen
-- app versions, a plain index on app_version made PostgreSQL read and sort some 80,000 rows per
-- page (bench-console). These replace the plain indexes of V3 (the breakdowns group every
-- incident and do not use them), so the number of indexes the materializer maintains is unchanged.
-- (V4 belongs to the alerts' terminal context.)
CREATE INDEX incidents_store_recent ON incidents (store_id, last_decided_at DESC, incident_id DESC);
CREATE INDEX incidents_app_version_recent
    ON incidents (app_version, last_decided_at DESC, incident_id DESC);
DROP INDEX incidents_store;
DROP INDEX incidents_app_version;

-- The money at risk (open UNMATCHED_DEBIT amounts) per merchant and currency, kept up to date by
-- statement-level triggers on incidents (one upsert per statement, from its transition tables),
-- so that the list page and the live feed read a few rows instead of summing every open unmatched
-- debit (0.4 s for 277,000 of them on a loaded machine). The writers of incidents already run one
-- after the other (the advisory lock of V3). Incidents are never deleted. currency is '' for an
-- incident without one.
CREATE TABLE at_risk_totals (
    merchant_id  TEXT   NOT NULL,
    currency     TEXT   NOT NULL,
    amount_minor BIGINT NOT NULL,
    incidents    BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, currency)
);

-- Recomputes every total from the incidents (here, and after a bulk load that bypassed triggers).
CREATE FUNCTION at_risk_rebuild() RETURNS void
    LANGUAGE sql AS
$$
DELETE FROM at_risk_totals;
INSERT INTO at_risk_totals (merchant_id, currency, amount_minor, incidents)
SELECT merchant_id, COALESCE(currency, ''), sum(amount_minor), count(*)
FROM incidents
WHERE state = 'open' AND type = 'UNMATCHED_DEBIT' AND amount_minor IS NOT NULL
GROUP BY 1, 2;
$$;
SELECT at_risk_rebuild();

CREATE FUNCTION at_risk_after_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO at_risk_totals AS t (merchant_id, currency, amount_minor, incidents)
    SELECT merchant_id, COALESCE(currency, ''), sum(amount_minor), count(*)
    FROM new_rows
    WHERE state = 'open' AND type = 'UNMATCHED_DEBIT' AND amount_minor IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT (merchant_id, currency) DO UPDATE
        SET amount_minor = t.amount_minor + EXCLUDED.amount_minor,
            incidents = t.incidents + EXCLUDED.incidents;
    RETURN NULL;
END
$$;
CREATE TRIGGER at_risk_after_insert
    AFTER INSERT ON incidents REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION at_risk_after_insert();

CREATE FUNCTION at_risk_after_update() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO at_risk_totals AS t (merchant_id, currency, amount_minor, incidents)
    SELECT merchant_id, currency, sum(amount_minor), sum(n)
    FROM (SELECT merchant_id, COALESCE(currency, '') AS currency, amount_minor, 1 AS n
          FROM new_rows
          WHERE state = 'open' AND type = 'UNMATCHED_DEBIT' AND amount_minor IS NOT NULL
          UNION ALL
          SELECT merchant_id, COALESCE(currency, ''), -amount_minor, -1
          FROM old_rows
          WHERE state = 'open' AND type = 'UNMATCHED_DEBIT' AND amount_minor IS NOT NULL) d
    GROUP BY 1, 2
    ON CONFLICT (merchant_id, currency) DO UPDATE
        SET amount_minor = t.amount_minor + EXCLUDED.amount_minor,
            incidents = t.incidents + EXCLUDED.incidents;
    RETURN NULL;
END
$$;
CREATE TRIGGER at_risk_after_update
    AFTER UPDATE ON incidents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION at_risk_after_update();
