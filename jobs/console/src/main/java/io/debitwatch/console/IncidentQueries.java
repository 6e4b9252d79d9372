package io.debitwatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The store's read side: the incident list (filtered, sorted, paged by keyset, see {@link
 * IncidentFilter}), one incident with everything stored about it, the incidents changed after a
 * point of the change counter, and the money at risk. Every query is restricted to the caller's
 * merchant scope. Every value reaches SQL as a parameter; only fixed fragments are concatenated.
 */
public final class IncidentQueries {

    private static final String SUMMARY_COLUMNS =
            "incident_id, provider, merchant_id, out_trade_no, type, action, types, state,"
                    + " amount_minor, currency, provider_txn_id, store_id, terminal_id,"
                    + " app_version, error_code, assignee, closed_reason, alert_count,"
                    + " first_decided_at, last_decided_at, change_seq";

    private IncidentQueries() {}

    /** One line of the list. */
    public record IncidentSummary(
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
            String errorCode,
            String assignee,
            String closedReason,
            int alertCount,
            Instant firstDecidedAt,
            Instant lastDecidedAt,
            long changeSeq) {}

    /** A page of the list; {@code next} is the cursor of the following page, null at the end. */
    public record Page(List<IncidentSummary> incidents, String next) {}

    /** One stored alert. */
    public record AlertRow(
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

    /** One refund request and its state. */
    public record RefundRow(
            String refundRequestId,
            String alertId,
            String providerTxnId,
            long amountMinor,
            String currency,
            String reason,
            String state) {}

    /** One notification as sent, in both languages. */
    public record NotificationRow(
            String notificationId,
            String channel,
            String kind,
            String severity,
            String alertId,
            Instant decidedAt,
            Instant emittedAt,
            String textZh,
            String textEn) {}

    /** One audit row: who did what, when. */
    public record ActionRow(
            long actionId, String actor, String action, String note, Instant createdAt) {}

    /** An incident with its alerts (evidence included), refund requests, notifications, actions. */
    public record IncidentDetail(
            IncidentSummary incident,
            List<AlertRow> alerts,
            List<RefundRow> refundRequests,
            List<NotificationRow> notifications,
            List<ActionRow> actions) {}

    /** Open UNMATCHED_DEBIT money of one currency: what customers paid and did not get. */
    public record AtRisk(String currency, long amountMinor, long incidents) {}

    public static Page list(DataSource ds, Principal.MerchantScope scope, IncidentFilter filter)
            throws SQLException {
        SqlWhere where = where(scope, filter);
        IncidentFilter.Cursor after = filter.after();
        if (after != null) {
            switch (filter.sort()) {
                case NEWEST ->
                        where.and(
                                "(last_decided_at, incident_id) < (?, ?)",
                                utc(after.time()),
                                after.incidentId());
                case OLDEST ->
                        where.and(
                                "(last_decided_at, incident_id) > (?, ?)",
                                utc(after.time()),
                                after.incidentId());
                case AMOUNT ->
                        where.and(
                                "(COALESCE(amount_minor, -1), incident_id) < (?, ?)",
                                after.key(),
                                after.incidentId());
            }
        }
        String sql =
                filter.q() == null
                        ? "SELECT "
                                + SUMMARY_COLUMNS
                                + " FROM incidents"
                                + where.sql()
                                + orderBy(filter.sort())
                                + " LIMIT ?"
                        // A search matches few rows, but a merchant id is estimated at thousands,
                        // and PostgreSQL would walk the whole order index looking for them: find
                        // the matches by their indexes first, then sort them.
                        : "WITH hits AS MATERIALIZED (SELECT "
                                + SUMMARY_COLUMNS
                                + " FROM incidents"
                                + where.sql()
                                + ") SELECT * FROM hits"
                                + orderBy(filter.sort())
                                + " LIMIT ?";
        // One more than asked tells whether there is a next page.
        List<IncidentSummary> rows = query(ds, where, sql, filter.limit() + 1);
        String next = null;
        if (rows.size() > filter.limit()) {
            rows = rows.subList(0, filter.limit());
            next = IncidentFilter.Cursor.of(filter.sort(), rows.get(rows.size() - 1)).encode();
        }
        return new Page(List.copyOf(rows), next);
    }

    /**
     * The incidents matching {@code filter} (its cursor and sort ignored) whose change counter is
     * above {@code afterSeq}, oldest change first, at most {@code filter.limit()}.
     */
    public static List<IncidentSummary> changedSince(
            DataSource ds, Principal.MerchantScope scope, IncidentFilter filter, long afterSeq)
            throws SQLException {
        SqlWhere where = where(scope, filter).and("change_seq > ?", afterSeq);
        String sql =
                "SELECT "
                        + SUMMARY_COLUMNS
                        + " FROM incidents"
                        + where.sql()
                        + " ORDER BY change_seq LIMIT ?";
        return query(ds, where, sql, filter.limit());
    }

    /** The change counter's latest value (0 before the first incident). */
    public static long latestChange(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT COALESCE(max(change_seq), 0) FROM incidents");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Open UNMATCHED_DEBIT amounts per currency, in scope: read from the totals per merchant and
     * currency that triggers keep (V5), not summed from the incidents.
     */
    public static List<AtRisk> atRisk(DataSource ds, Principal.MerchantScope scope)
            throws SQLException {
        SqlWhere where = new SqlWhere().scope(scope, "merchant_id");
        String sql =
                "SELECT NULLIF(currency, ''), sum(amount_minor), sum(incidents)"
                        + " FROM at_risk_totals"
                        + where.sql()
                        + " GROUP BY currency HAVING sum(incidents) > 0 ORDER BY currency";
        List<AtRisk> rows = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = where.prepare(c, sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new AtRisk(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return rows;
    }

    private static SqlWhere where(Principal.MerchantScope scope, IncidentFilter f) {
        return new SqlWhere()
                .scope(scope, "merchant_id")
                .andIf("state = ?", f.state())
                .andIf("types @> ARRAY[?]::text[]", f.type())
                .andIf("provider = ?", f.provider())
                .andIf("merchant_id = ?", f.merchant())
                .andIf("store_id = ?", f.store())
                .andIf("app_version = ?", f.appVersion())
                .andIf(
                        // Spelled as ORs (not "? IN (columns)") so each arm uses its index.
                        "(out_trade_no = ? OR provider_txn_id = ? OR merchant_id = ?)",
                        f.q(),
                        f.q(),
                        f.q());
    }

    private static String orderBy(IncidentFilter.Sort sort) {
        return switch (sort) {
            case NEWEST -> " ORDER BY last_decided_at DESC, incident_id DESC";
            case OLDEST -> " ORDER BY last_decided_at, incident_id";
            case AMOUNT -> " ORDER BY COALESCE(amount_minor, -1) DESC, incident_id DESC";
        };
    }

    private static List<IncidentSummary> query(
            DataSource ds, SqlWhere where, String sql, Object... trailing) throws SQLException {
        List<IncidentSummary> rows = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = where.prepare(c, sql, trailing);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(summary(rs));
            }
        }
        return rows;
    }

    private static OffsetDateTime utc(Instant time) {
        return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }

    /**
     * One incident with everything stored about it; empty when there is none or when it belongs to
     * a merchant outside {@code scope} (the two are indistinguishable to the caller).
     */
    public static Optional<IncidentDetail> get(
            DataSource ds, Principal.MerchantScope scope, long incidentId) throws SQLException {
        try (Connection c = ds.getConnection()) {
            IncidentSummary incident;
            SqlWhere where =
                    new SqlWhere().and("incident_id = ?", incidentId).scope(scope, "merchant_id");
            try (PreparedStatement ps =
                    where.prepare(
                            c, "SELECT " + SUMMARY_COLUMNS + " FROM incidents" + where.sql())) {
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
                rs.getString(15),
                rs.getString(16),
                rs.getString(17),
                rs.getInt(18),
                instant(rs, 19),
                instant(rs, 20),
                rs.getLong(21));
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
