package io.debitwatch.console;

import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Evidence;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.RefundRequest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes one {@link Batch} on a connection whose transaction the caller commits. Every statement
 * takes the whole batch as arrays (one round trip per table, not per record) and is idempotent:
 * rows are keyed by the ids the job gives them, so a record seen twice is stored once, and an
 * incident is recomputed from all of its stored alerts rather than incremented.
 */
final class StoreWriter {

    /** Cut of a skipped record's raw text kept for the on-call engineer. */
    static final int RAW_LIMIT = 4096;

    private StoreWriter() {}

    static void write(Connection c, Batch batch) throws SQLException {
        if (!batch.alerts.isEmpty()) {
            insertIncidentKeys(c, batch.alerts);
            List<Long> touched = insertAlerts(c, batch.alerts);
            recomputeIncidents(c, touched);
        }
        insertRefundRequests(c, batch.refundRequests);
        insertNotifications(c, batch.notifications);
        insertSkipped(c, batch.skipped);
        storeOffsets(c, batch.nextOffsets);
    }

    /** Creates the incident of every order key not seen before, from the batch's first alert. */
    private static void insertIncidentKeys(Connection c, List<Alert> alerts) throws SQLException {
        String sql =
                "INSERT INTO incidents (provider, merchant_id, out_trade_no, type, action, types,"
                        + " alert_count, first_decided_at, last_decided_at)"
                        + " SELECT u.provider, u.merchant_id, u.out_trade_no, u.type, u.action,"
                        + " ARRAY[u.type], 0, u.decided_at, u.decided_at"
                        + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                        + " ?::timestamptz[])"
                        + " AS u(provider, merchant_id, out_trade_no, type, action, decided_at)"
                        + " ON CONFLICT (provider, merchant_id, out_trade_no) DO NOTHING";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, texts(c, alerts, a -> a.provider().name()));
            ps.setArray(2, texts(c, alerts, Alert::merchantId));
            ps.setArray(3, texts(c, alerts, Alert::outTradeNo));
            ps.setArray(4, texts(c, alerts, a -> a.type().name()));
            ps.setArray(5, texts(c, alerts, a -> a.action().name()));
            ps.setArray(6, texts(c, alerts, a -> instant(a.decidedAt())));
            ps.executeUpdate();
        }
    }

    /** Inserts the alerts not stored yet; returns the incidents that gained one. */
    private static List<Long> insertAlerts(Connection c, List<Alert> alerts) throws SQLException {
        String sql =
                "INSERT INTO alerts (alert_id, incident_id, type, action, verdict, review_reason,"
                        + " resolution, resolves_alert_id, amount_minor, currency, provider_txn_id,"
                        + " decided_at, emitted_at, evidence, terminal)"
                        + " SELECT u.alert_id, i.incident_id, u.type, u.action, u.verdict,"
                        + " u.review_reason, u.resolution, u.resolves_alert_id, u.amount_minor,"
                        + " u.currency, u.provider_txn_id, u.decided_at, u.emitted_at,"
                        + " u.evidence::jsonb, u.terminal::jsonb"
                        + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                        + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[],"
                        + " ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[],"
                        + " ?::text[])"
                        + " AS u(alert_id, provider, merchant_id, out_trade_no, type, action,"
                        + " verdict, review_reason, resolution, resolves_alert_id, amount_minor,"
                        + " currency, provider_txn_id, decided_at, emitted_at, evidence, terminal)"
                        + " JOIN incidents i ON i.provider = u.provider"
                        + " AND i.merchant_id = u.merchant_id AND i.out_trade_no = u.out_trade_no"
                        + " ON CONFLICT (alert_id) DO NOTHING"
                        + " RETURNING incident_id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setArray(i++, texts(c, alerts, Alert::alertId));
            ps.setArray(i++, texts(c, alerts, a -> a.provider().name()));
            ps.setArray(i++, texts(c, alerts, Alert::merchantId));
            ps.setArray(i++, texts(c, alerts, Alert::outTradeNo));
            ps.setArray(i++, texts(c, alerts, a -> a.type().name()));
            ps.setArray(i++, texts(c, alerts, a -> a.action().name()));
            ps.setArray(i++, texts(c, alerts, Alert::verdict));
            ps.setArray(i++, texts(c, alerts, Alert::reviewReason));
            ps.setArray(i++, texts(c, alerts, Alert::resolution));
            ps.setArray(i++, texts(c, alerts, Alert::resolvesAlertId));
            ps.setArray(i++, longs(c, alerts, Alert::amountMinor));
            ps.setArray(i++, texts(c, alerts, Alert::currency));
            ps.setArray(i++, texts(c, alerts, StoreWriter::providerTxnId));
            ps.setArray(i++, texts(c, alerts, a -> instant(a.decidedAt())));
            ps.setArray(i++, texts(c, alerts, a -> instant(a.emittedAt())));
            ps.setArray(i++, texts(c, alerts, a -> Json.write(a.evidence())));
            ps.setArray(
                    i++,
                    texts(c, alerts, a -> a.terminal() == null ? null : Json.write(a.terminal())));
            TreeSet<Long> touched = new TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    touched.add(rs.getLong(1));
                }
            }
            return new ArrayList<>(touched);
        }
    }

    /**
     * Sets each touched incident from its stored alerts: the main alert is the latest that is not
     * an ALERT_RESOLVED, and an ALERT_RESOLVED resolves the incident. The store, terminal, app
     * version and error code come from the terminal context of the latest alert, in the same order,
     * that has one.
     */
    private static void recomputeIncidents(Connection c, List<Long> incidentIds)
            throws SQLException {
        if (incidentIds.isEmpty()) {
            return;
        }
        String sql =
                "UPDATE incidents i SET type = m.type, action = m.action,"
                        + " amount_minor = m.amount_minor, currency = m.currency, types = g.types,"
                        + " alert_count = g.n, first_decided_at = g.first_at,"
                        + " last_decided_at = g.last_at,"
                        + " provider_txn_id = COALESCE(g.provider_txn_id, i.provider_txn_id),"
                        + " store_id = COALESCE(t.terminal->>'store_id', i.store_id),"
                        + " terminal_id = COALESCE(t.terminal->>'terminal_id', i.terminal_id),"
                        + " app_version = COALESCE(t.terminal->>'app_version', i.app_version),"
                        + " error_code = COALESCE(t.terminal->>'error_code', i.error_code),"
                        + " state = CASE WHEN g.resolved THEN 'resolved' ELSE i.state END"
                        + " FROM (SELECT incident_id, array_agg(DISTINCT type ORDER BY type) AS types,"
                        + " count(*) AS n, min(decided_at) AS first_at, max(decided_at) AS last_at,"
                        + " max(provider_txn_id) AS provider_txn_id,"
                        + " bool_or(type = '"
                        + AlertType.ALERT_RESOLVED.name()
                        + "') AS resolved"
                        + " FROM alerts WHERE incident_id = ANY(?) GROUP BY incident_id) g"
                        + " JOIN (SELECT DISTINCT ON (incident_id) incident_id, type, action,"
                        + " amount_minor, currency FROM alerts WHERE incident_id = ANY(?)"
                        + " ORDER BY incident_id, (type = '"
                        + AlertType.ALERT_RESOLVED.name()
                        + "'), decided_at DESC, alert_id DESC) m"
                        + " ON m.incident_id = g.incident_id"
                        + " LEFT JOIN (SELECT DISTINCT ON (incident_id) incident_id, terminal"
                        + " FROM alerts WHERE incident_id = ANY(?) AND terminal IS NOT NULL"
                        + " ORDER BY incident_id, (type = '"
                        + AlertType.ALERT_RESOLVED.name()
                        + "'), decided_at DESC, alert_id DESC) t"
                        + " ON t.incident_id = g.incident_id"
                        + " WHERE i.incident_id = g.incident_id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array ids = c.createArrayOf("int8", incidentIds.toArray(new Long[0]));
            ps.setArray(1, ids);
            ps.setArray(2, ids);
            ps.setArray(3, ids);
            ps.executeUpdate();
        }
    }

    private static void insertRefundRequests(Connection c, List<RefundRequest> refunds)
            throws SQLException {
        if (refunds.isEmpty()) {
            return;
        }
        String sql =
                "INSERT INTO refund_requests (refund_request_id, alert_id, provider, merchant_id,"
                        + " out_trade_no, provider_txn_id, amount_minor, currency, reason)"
                        + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                        + " ?::text[], ?::text[], ?::int8[], ?::text[], ?::text[])"
                        + " ON CONFLICT (refund_request_id) DO NOTHING";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setArray(i++, texts(c, refunds, RefundRequest::refundRequestId));
            ps.setArray(i++, texts(c, refunds, RefundRequest::alertId));
            ps.setArray(i++, texts(c, refunds, r -> r.provider().name()));
            ps.setArray(i++, texts(c, refunds, RefundRequest::merchantId));
            ps.setArray(i++, texts(c, refunds, RefundRequest::outTradeNo));
            ps.setArray(i++, texts(c, refunds, RefundRequest::providerTxnId));
            ps.setArray(i++, longs(c, refunds, RefundRequest::amountMinor));
            ps.setArray(i++, texts(c, refunds, RefundRequest::currency));
            ps.setArray(i++, texts(c, refunds, RefundRequest::reason));
            ps.executeUpdate();
        }
    }

    private static void insertNotifications(Connection c, List<Notification> notifications)
            throws SQLException {
        if (notifications.isEmpty()) {
            return;
        }
        String sql =
                "INSERT INTO notifications (notification_id, channel, kind, provider, merchant_id,"
                        + " out_trade_no, severity, alert_id, amount_minor, currency, decided_at,"
                        + " emitted_at, text_zh, text_en)"
                        + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                        + " ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[],"
                        + " ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[])"
                        + " ON CONFLICT (notification_id) DO NOTHING";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setArray(i++, texts(c, notifications, Notification::notificationId));
            ps.setArray(i++, texts(c, notifications, n -> n.channel().name()));
            ps.setArray(i++, texts(c, notifications, Notification::kind));
            ps.setArray(i++, texts(c, notifications, n -> n.provider().name()));
            ps.setArray(i++, texts(c, notifications, Notification::merchantId));
            ps.setArray(i++, texts(c, notifications, Notification::outTradeNo));
            ps.setArray(i++, texts(c, notifications, n -> n.severity().name()));
            ps.setArray(i++, texts(c, notifications, Notification::alertId));
            ps.setArray(i++, longs(c, notifications, Notification::amountMinor));
            ps.setArray(i++, texts(c, notifications, Notification::currency));
            ps.setArray(i++, texts(c, notifications, n -> instant(n.decidedAt())));
            ps.setArray(i++, texts(c, notifications, n -> instant(n.emittedAt())));
            ps.setArray(i++, texts(c, notifications, n -> n.text().zh()));
            ps.setArray(i++, texts(c, notifications, n -> n.text().en()));
            ps.executeUpdate();
        }
    }

    private static void insertSkipped(Connection c, List<Batch.Skipped> skipped)
            throws SQLException {
        if (skipped.isEmpty()) {
            return;
        }
        String sql =
                "INSERT INTO skipped_records (topic, partition, record_offset, reason, raw)"
                        + " SELECT * FROM unnest(?::text[], ?::int4[], ?::int8[], ?::text[],"
                        + " ?::text[])"
                        + " ON CONFLICT (topic, partition, record_offset) DO NOTHING";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, texts(c, skipped, Batch.Skipped::topic));
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "int4",
                            skipped.stream()
                                    .map(Batch.Skipped::partition)
                                    .toArray(Integer[]::new)));
            ps.setArray(3, longs(c, skipped, Batch.Skipped::offset));
            ps.setArray(4, texts(c, skipped, s -> storable(s.reason())));
            ps.setArray(5, texts(c, skipped, s -> storable(s.raw())));
            ps.executeUpdate();
        }
    }

    private static void storeOffsets(Connection c, Map<TopicPartition, Long> nextOffsets)
            throws SQLException {
        if (nextOffsets.isEmpty()) {
            return;
        }
        List<Map.Entry<TopicPartition, Long>> entries = new ArrayList<>(nextOffsets.entrySet());
        String sql =
                "INSERT INTO consumer_offsets (topic, partition, next_offset)"
                        + " SELECT * FROM unnest(?::text[], ?::int4[], ?::int8[])"
                        + " ON CONFLICT (topic, partition)"
                        + " DO UPDATE SET next_offset = EXCLUDED.next_offset";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, texts(c, entries, e -> e.getKey().topic()));
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "int4",
                            entries.stream()
                                    .map(e -> e.getKey().partition())
                                    .toArray(Integer[]::new)));
            ps.setArray(3, longs(c, entries, Map.Entry::getValue));
            ps.executeUpdate();
        }
    }

    /** The stored next offset of every partition that has one. */
    static Map<TopicPartition, Long> storedOffsets(Connection c) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT topic, partition, next_offset FROM consumer_offsets");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        return offsets;
    }

    /** The debit's provider transaction id, from the first evidence that names one. */
    private static String providerTxnId(Alert alert) {
        for (Evidence e : alert.evidence()) {
            if (e.providerTxnId() != null) {
                return e.providerTxnId();
            }
        }
        return null;
    }

    /** Text PostgreSQL accepts (no U+0000), cut to {@link #RAW_LIMIT} characters. */
    static String storable(String text) {
        if (text == null) {
            return null;
        }
        String cut = text.length() > RAW_LIMIT ? text.substring(0, RAW_LIMIT) : text;
        return cut.replace('\u0000', '\uFFFD');
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static <T> Array texts(Connection c, List<T> rows, Function<T, String> field)
            throws SQLException {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.apply(rows.get(i));
        }
        return c.createArrayOf("text", values);
    }

    private static <T> Array longs(Connection c, List<T> rows, Function<T, Long> field)
            throws SQLException {
        Long[] values = new Long[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.apply(rows.get(i));
        }
        return c.createArrayOf("int8", values);
    }
}
