package io.debitwatch.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Fills the console's store with {@code n} incidents for {@code bench-console}'s read side, in a
 * few set-based statements (no Kafka, no Java loop): consistent rows, each incident with its alerts
 * (a second, ALERT_RESOLVED one for the resolved), refund requests for the UNMATCHED_DEBITs, an OPS
 * notification for half of them and an operator action for the acknowledged. Orders are {@code
 * LOAD000000000001}…, merchants {@code 19000000}–{@code 19000199}, stores {@code S0000}–{@code
 * S1999}, spread over 30 days. Secondary indexes are dropped for the load and built again after it,
 * as a restore would.
 */
final class ConsoleBenchStore {

    static final int MERCHANTS = 200;
    static final int STORES = 2_000;
    static final String[] APP_VERSIONS = {
        "3.0.9", "3.1.0", "3.1.1", "3.1.2", "3.2.0", "3.2.1", "3.2.2", "3.3.0", "3.3.1", "3.4.0",
        "3.4.1", "3.5.0"
    };

    private static final String INCIDENTS =
            "INSERT INTO incidents (provider, merchant_id, out_trade_no, type, action, types,"
                    + " state, amount_minor, currency, provider_txn_id, store_id, terminal_id,"
                    + " app_version, error_code, alert_count, first_decided_at, last_decided_at,"
                    + " assignee)"
                    + " SELECT CASE WHEN g % 3 = 0 THEN 'ALIPAY' ELSE 'WECHAT' END,"
                    + " '1900' || lpad(((g * 7919) % 200)::text, 4, '0'),"
                    + " 'LOAD' || lpad(g::text, 12, '0'), x.t,"
                    + " CASE WHEN x.t = 'UNMATCHED_DEBIT' THEN 'REFUND' ELSE 'REVIEW' END,"
                    + " CASE WHEN x.s = 'resolved' THEN ARRAY['ALERT_RESOLVED', x.t]"
                    + " ELSE ARRAY[x.t] END, x.s, 100 + (g * 104729) % 500000, 'CNY',"
                    + " '4200002026LOAD' || lpad(g::text, 12, '0'),"
                    + " 'S' || lpad(((g * 131) % 2000)::text, 4, '0'),"
                    + " 'S' || lpad(((g * 131) % 2000)::text, 4, '0') || '-T' || (g % 4),"
                    + " (?::text[])[1 + (g * 17) % 12],"
                    + " (ARRAY[NULL, NULL, NULL, 'NET_TIMEOUT', 'DNS_FAIL', 'TLS_HANDSHAKE',"
                    + " 'SCANNER_TIMEOUT', 'PRINTER_JAM'])[1 + (g * 13) % 8],"
                    + " CASE WHEN x.s = 'resolved' THEN 2 ELSE 1 END,"
                    + " x.at, x.at + CASE WHEN x.s = 'resolved' THEN interval '30 minutes'"
                    + " ELSE interval '0' END,"
                    + " CASE WHEN x.s = 'acknowledged' THEN 'ops.' || (g % 5) END"
                    + " FROM generate_series(1, ?::int8) g, LATERAL (SELECT"
                    + " (ARRAY['UNMATCHED_DEBIT', 'UNMATCHED_DEBIT', 'UNMATCHED_DEBIT',"
                    + " 'AMOUNT_MISMATCH', 'STUCK_PAYMENT', 'SALE_WITHOUT_DEBIT',"
                    + " 'CONFLICT'])[1 + (g * 31) % 7] AS t,"
                    + " CASE WHEN g % 20 < 5 THEN 'resolved' WHEN g % 20 < 8 THEN 'acknowledged'"
                    + " ELSE 'open' END AS s,"
                    + " timestamptz '2026-10-01 00:00:00+00' + g * (interval '30 days' / ?) AS at) x";

    private static final String EVIDENCE =
            "jsonb_build_array("
                    + "jsonb_build_object('event_id', i.out_trade_no || '-e0', 'stream', 'TERMINAL',"
                    + " 'type', 'PAY_RESULT', 'result', 'FAILED', 'event_time', i.first_decided_at"
                    + " - interval '60 s', 'amount_minor', i.amount_minor, 'currency', 'CNY'),"
                    + "jsonb_build_object('event_id', i.out_trade_no || '-e1', 'stream', 'PROVIDER',"
                    + " 'type', 'QUERY', 'result', 'DEBITED', 'event_time', i.first_decided_at"
                    + " - interval '58 s', 'amount_minor', i.amount_minor, 'currency', 'CNY',"
                    + " 'provider_txn_id', i.provider_txn_id),"
                    + "jsonb_build_object('event_id', i.out_trade_no || '-e2', 'stream', 'TERMINAL',"
                    + " 'type', 'QUERY_RESULT', 'result', 'FAILED', 'event_time',"
                    + " i.first_decided_at - interval '30 s'))";

    private static final String FIRST_ALERTS =
            "INSERT INTO alerts (alert_id, incident_id, type, action, verdict, amount_minor,"
                    + " currency, provider_txn_id, decided_at, emitted_at, evidence)"
                    + " SELECT (array_remove(i.types, 'ALERT_RESOLVED'))[1] || '-' || i.out_trade_no,"
                    + " i.incident_id, (array_remove(i.types, 'ALERT_RESOLVED'))[1],"
                    + " CASE WHEN i.types @> ARRAY['UNMATCHED_DEBIT'] THEN 'REFUND' ELSE 'REVIEW'"
                    + " END, 'FAILED', i.amount_minor, 'CNY', i.provider_txn_id, i.first_decided_at,"
                    + " i.first_decided_at + interval '300 ms', "
                    + EVIDENCE
                    + " FROM incidents i WHERE i.out_trade_no LIKE 'LOAD%'";

    private static final String RESOLUTIONS =
            "INSERT INTO alerts (alert_id, incident_id, type, action, verdict, resolution,"
                    + " resolves_alert_id, amount_minor, currency, decided_at, emitted_at, evidence)"
                    + " SELECT 'ALERT_RESOLVED-' || i.out_trade_no, i.incident_id, 'ALERT_RESOLVED',"
                    + " 'NONE', 'FAILED', 'MONEY_RETURNED', i.type || '-' || i.out_trade_no,"
                    + " i.amount_minor, 'CNY', i.last_decided_at, i.last_decided_at"
                    + " + interval '300 ms', '[]'::jsonb"
                    + " FROM incidents i WHERE i.out_trade_no LIKE 'LOAD%' AND i.state = 'resolved'";

    private static final String REFUNDS =
            "INSERT INTO refund_requests (refund_request_id, alert_id, provider, merchant_id,"
                    + " out_trade_no, provider_txn_id, amount_minor, currency, reason)"
                    + " SELECT 'dwr-' || out_trade_no, 'UNMATCHED_DEBIT-' || out_trade_no, provider,"
                    + " merchant_id, out_trade_no, provider_txn_id, amount_minor, 'CNY',"
                    + " 'customer debited but terminal verdict was FAILED' FROM incidents"
                    + " WHERE out_trade_no LIKE 'LOAD%' AND types @> ARRAY['UNMATCHED_DEBIT']";

    private static final String NOTIFICATIONS =
            "INSERT INTO notifications (notification_id, channel, kind, provider, merchant_id,"
                    + " out_trade_no, severity, alert_id, amount_minor, currency, decided_at,"
                    + " emitted_at, text_zh, text_en)"
                    + " SELECT 'n-OPS-' || out_trade_no, 'OPS', type, provider, merchant_id,"
                    + " out_trade_no, 'CRITICAL', type || '-' || out_trade_no, amount_minor, 'CNY',"
                    + " first_decided_at, first_decided_at + interval '1 s',"
                    + " '订单 ' || out_trade_no || ' 需要处理', 'Order ' || out_trade_no"
                    + " || ' needs attention' FROM incidents"
                    + " WHERE out_trade_no LIKE 'LOAD%' AND incident_id % 2 = 0";

    private static final String ACTIONS =
            "INSERT INTO operator_actions (incident_id, actor, action, note)"
                    + " SELECT incident_id, assignee, 'acknowledge', 'looking into it'"
                    + " FROM incidents WHERE out_trade_no LIKE 'LOAD%' AND state = 'acknowledged'";

    private static final String SECONDARY_INDEXES =
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                    + " WHERE i.indrelid IN ('incidents'::regclass, 'alerts'::regclass,"
                    + " 'refund_requests'::regclass, 'notifications'::regclass)"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid ="
                    + " i.indexrelid)";

    private ConsoleBenchStore() {}

    /**
     * Drops the secondary indexes (not those of primary keys and unique constraints) of the tables
     * the load fills and returns their definitions, to build them again after the load: one sort
     * per index is much faster than a million index insertions. All in the load's transaction.
     */
    private static List<String> dropIndexes(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> definitions = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(SECONDARY_INDEXES)) {
            while (rs.next()) {
                names.add(rs.getString(1));
                definitions.add(rs.getString(2));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute("DROP INDEX " + name);
            }
            s.execute("SET LOCAL maintenance_work_mem = '256MB'");
        }
        return definitions;
    }

    /** Inserts {@code n} incidents and their rows, then ANALYZEs; returns the incident id range. */
    static long[] load(DataSource ds, int n) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // Bulk load: skip the per-row change-counter trigger (and FK checks) of V3.
                s.execute("SET LOCAL session_replication_role = replica");
            }
            List<String> indexes = dropIndexes(c);
            try (PreparedStatement ps = c.prepareStatement(INCIDENTS)) {
                ps.setArray(1, c.createArrayOf("text", APP_VERSIONS));
                ps.setInt(2, n);
                ps.setInt(3, n);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                for (String sql :
                        new String[] {FIRST_ALERTS, RESOLUTIONS, REFUNDS, NOTIFICATIONS}) {
                    s.executeUpdate(sql);
                }
                s.executeUpdate(ACTIONS);
                // The triggers were off: the money-at-risk totals are computed once instead.
                s.execute("SELECT at_risk_rebuild()");
                for (String definition : indexes) {
                    s.execute(definition);
                }
            }
            c.commit();
        }
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            // As autovacuum would have by then: the visibility map lets index-only scans skip the
            // heap.
            s.execute("VACUUM ANALYZE");
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT min(incident_id), max(incident_id) FROM incidents"
                                    + " WHERE out_trade_no LIKE 'LOAD%'")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }
}
