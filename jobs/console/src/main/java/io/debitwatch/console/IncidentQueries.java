package io.debitwatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.AlertType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The store's read side: the incident list (filtered, newest first, paged by keyset on {@code
 * (last_decided_at, incident_id)}) and one incident with everything stored about it. Every value
 * reaches SQL as a parameter; only fixed fragments are concatenated.
 */
final class IncidentQueries {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final Set<String> STATES = Set.of("open", "acknowledged", "resolved");

    private static final String SUMMARY_COLUMNS =
            "incident_id, provider, merchant_id, out_trade_no, type, action, types, state,"
                    + " amount_minor, currency, provider_txn_id, store_id, terminal_id,"
                    + " app_version, alert_count, first_decided_at, last_decided_at";

    private IncidentQueries() {}

    /** The list's filters, each optional (null), and the page to read. */
    record Filter(String state, String type, String merchant, String q, Cursor after, int limit) {

        Filter {
            if (state != null && !STATES.contains(state)) {
                throw new IllegalArgumentException(
                        "state must be one of open, acknowledged, resolved; got " + state);
            }
            if (type != null) {
                try {
                    AlertType.valueOf(type);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown alert type: " + type);
                }
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException(
                        "limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
            }
        }
    }

    /** Where a page ends: the last incident's sort key, opaque to clients. */
    record Cursor(Instant lastDecidedAt, long incidentId) {

        String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, lastDecidedAt);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((micros + "." + incidentId).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String plain =
                        new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int dot = plain.indexOf('.');
                long micros = Long.parseLong(plain.substring(0, dot));
                long id = Long.parseLong(plain.substring(dot + 1));
                return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a cursor from this API: " + text);
            }
        }
    }

    /** One line of the list. */
    record IncidentSummary(
            long incidentId,
            String provider,
            String merchantId,
            String outTradeNo,
            String type,
            String action,
            List<String> types,
            String state,
            Long amountMinor,
            String currency,
            String providerTxnId,
            String storeId,
            String terminalId,
            String appVersion,
            int alertCount,
            Instant firstDecidedAt,
            Instant lastDecidedAt) {}

    /** A page of the list; {@code next} is the cursor of the following page, null at the end. */
    record Page(List<IncidentSummary> incidents, String next) {}

    record AlertRow(
            String alertId,
            String type,
            String action,
            String verdict,
            String reviewReason,
            String resolution,
            String resolvesAlertId,
            Long amountMinor,
            String currency,
            Instant decidedAt,
            Instant emittedAt,
            JsonNode evidence) {}

    record RefundRow(
            String refundRequestId,
            String alertId,
            String providerTxnId,
            long amountMinor,
            String currency,
            String reason,
            String state) {}

    record NotificationRow(
            String notificationId,
            String channel,
            String kind,
            String severity,
            String alertId,
            Instant decidedAt,
            Instant emittedAt,
            String textZh,
            String textEn) {}

    record ActionRow(long actionId, String actor, String action, String note, Instant createdAt) {}

    /** An incident with its alerts (evidence included), refund requests, notifications, actions. */
    record IncidentDetail(
            IncidentSummary incident,
            List<AlertRow> alerts,
            List<RefundRow> refundRequests,
            List<NotificationRow> notifications,
            List<ActionRow> actions) {}

    static Page list(DataSource ds, Filter filter) throws SQLException {
        StringBuilder sql =
                new StringBuilder("SELECT ").append(SUMMARY_COLUMNS).append(" FROM incidents");
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (filter.state() != null) {
            where.add("state = ?");
            params.add(filter.state());
        }
        if (filter.type() != null) {
            where.add("types @> ARRAY[?]::text[]");
            params.add(filter.type());
        }
        if (filter.merchant() != null) {
            where.add("merchant_id = ?");
            params.add(filter.merchant());
        }
        if (filter.q() != null) {
            where.add("(out_trade_no = ? OR provider_txn_id = ? OR merchant_id = ?)");
            params.add(filter.q());
            params.add(filter.q());
            params.add(filter.q());
        }
        if (filter.after() != null) {
            where.add("(last_decided_at, incident_id) < (?, ?)");
            params.add(
                    OffsetDateTime.ofInstant(
                            filter.after().lastDecidedAt(), java.time.ZoneOffset.UTC));
            params.add(filter.after().incidentId());
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        // One more than asked tells whether there is a next page.
        sql.append(" ORDER BY last_decided_at DESC, incident_id DESC LIMIT ?");
        params.add(filter.limit() + 1);

        List<IncidentSummary> rows = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(summary(rs));
                }
            }
        }
        String next = null;
        if (rows.size() > filter.limit()) {
            rows = rows.subList(0, filter.limit());
            IncidentSummary last = rows.get(rows.size() - 1);
            next = new Cursor(last.lastDecidedAt(), last.incidentId()).encode();
        }
        return new Page(List.copyOf(rows), next);
    }

    static Optional<IncidentDetail> get(DataSource ds, long incidentId) throws SQLException {
        try (Connection c = ds.getConnection()) {
            IncidentSummary incident;
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT "
                                    + SUMMARY_COLUMNS
                                    + " FROM incidents WHERE incident_id = ?")) {
                ps.setLong(1, incidentId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    incident = summary(rs);
                }
            }
            return Optional.of(
                    new IncidentDetail(
                            incident,
                            alerts(c, incidentId),
                            refunds(c, incident),
                            notifications(c, incident),
                            actions(c, incidentId)));
        }
    }

    private static List<AlertRow> alerts(Connection c, long incidentId) throws SQLException {
        String sql =
                "SELECT alert_id, type, action, verdict, review_reason, resolution,"
                        + " resolves_alert_id, amount_minor, currency, decided_at, emitted_at,"
                        + " evidence::text FROM alerts WHERE incident_id = ?"
                        + " ORDER BY decided_at, alert_id";
        List<AlertRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, incidentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(
                            new AlertRow(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getString(6),
                                    rs.getString(7),
                                    nullableLong(rs, 8),
                                    rs.getString(9),
                                    instant(rs, 10),
                                    instant(rs, 11),
                                    json(rs.getString(12))));
                }
            }
        }
        return rows;
    }

    private static List<RefundRow> refunds(Connection c, IncidentSummary incident)
            throws SQLException {
        String sql =
                "SELECT refund_request_id, alert_id, provider_txn_id, amount_minor, currency,"
                        + " reason, state FROM refund_requests"
                        + " WHERE provider = ? AND merchant_id = ? AND out_trade_no = ?"
                        + " ORDER BY refund_request_id";
        List<RefundRow> rows = new ArrayList<>();
        try (PreparedStatement ps = byOrder(c, sql, incident);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(
                        new RefundRow(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getLong(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7)));
            }
        }
        return rows;
    }

    private static List<NotificationRow> notifications(Connection c, IncidentSummary incident)
            throws SQLException {
        String sql =
                "SELECT notification_id, channel, kind, severity, alert_id, decided_at,"
                        + " emitted_at, text_zh, text_en FROM notifications"
                        + " WHERE provider = ? AND merchant_id = ? AND out_trade_no = ?"
                        + " ORDER BY decided_at, notification_id";
        List<NotificationRow> rows = new ArrayList<>();
        try (PreparedStatement ps = byOrder(c, sql, incident);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(
                        new NotificationRow(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                instant(rs, 6),
                                instant(rs, 7),
                                rs.getString(8),
                                rs.getString(9)));
            }
        }
        return rows;
    }

    private static List<ActionRow> actions(Connection c, long incidentId) throws SQLException {
        String sql =
                "SELECT action_id, actor, action, note, created_at FROM operator_actions"
                        + " WHERE incident_id = ? ORDER BY action_id";
        List<ActionRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, incidentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(
                            new ActionRow(
                                    rs.getLong(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    instant(rs, 5)));
                }
            }
        }
        return rows;
    }

    private static PreparedStatement byOrder(Connection c, String sql, IncidentSummary incident)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setString(1, incident.provider());
        ps.setString(2, incident.merchantId());
        ps.setString(3, incident.outTradeNo());
        return ps;
    }

    private static IncidentSummary summary(ResultSet rs) throws SQLException {
        Array types = rs.getArray(7);
        return new IncidentSummary(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                List.of((String[]) types.getArray()),
                rs.getString(8),
                nullableLong(rs, 9),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                rs.getInt(15),
                instant(rs, 16),
                instant(rs, 17));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
