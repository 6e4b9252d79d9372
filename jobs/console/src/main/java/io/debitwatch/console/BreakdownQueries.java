package io.debitwatch.console;

import io.debitwatch.core.model.AlertType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Counts for the breakdowns page, in the caller's merchant scope: incidents per hour by type, and
 * incidents and debited-but-failed incidents (those that had an UNMATCHED_DEBIT) by provider,
 * merchant, store, terminal app version and terminal error code. The console sees incidents only,
 * not every order, so a share is of incidents, not a rate of all payments.
 */
public final class BreakdownQueries {

    /** Hours shown on the per-hour chart, ending with the latest incident's hour. */
    public static final int HOURS = 24;

    /** Groups shown per dimension, largest first. */
    public static final int TOP = 15;

    private static final String UNMATCHED =
            "'" + AlertType.UNMATCHED_DEBIT.name() + "' = ANY(types)";

    private BreakdownQueries() {}

    /** What incidents are grouped by; {@code column} is a fixed column name. */
    public enum Dimension {
        PROVIDER("provider", "provider"),
        MERCHANT("merchant", "merchant_id"),
        STORE("store", "store_id"),
        APP_VERSION("app_version", "app_version"),
        ERROR_CODE("error_code", "error_code");

        private final String param;
        private final String column;

        Dimension(String param, String column) {
            this.param = param;
            this.column = column;
        }

        public String param() {
            return param;
        }
    }

    /** Incidents first decided in one hour (UTC) with one type. */
    public record HourCount(Instant hour, String type, long incidents) {}

    /**
     * One group: its value (null when unknown), its incidents, those that had an UNMATCHED_DEBIT,
     * and its share of all incidents in scope.
     */
    public record Group(
            String value, long incidents, long unmatchedDebits, double shareOfIncidents) {}

    /** Everything the page shows, and when it was computed. */
    public record Breakdowns(
            Instant computedAt,
            long incidents,
            long unmatchedDebits,
            Instant latestHour,
            List<HourCount> perHour,
            Map<String, List<Group>> byDimension) {}

    public static Breakdowns read(DataSource ds, Principal.MerchantScope scope)
            throws SQLException {
        Instant computedAt = Instant.now();
        try (Connection c = ds.getConnection()) {
            long[] totals = totals(c, scope);
            Instant latest = latestHour(c, scope);
            List<HourCount> hours = latest == null ? List.of() : perHour(c, scope, latest);
            Map<String, List<Group>> groups = new LinkedHashMap<>();
            for (Dimension d : Dimension.values()) {
                groups.put(d.param(), groups(c, scope, d, totals[0]));
            }
            return new Breakdowns(computedAt, totals[0], totals[1], latest, hours, groups);
        }
    }

    private static long[] totals(Connection c, Principal.MerchantScope scope) throws SQLException {
        SqlWhere where = new SqlWhere().scope(scope, "merchant_id");
        String sql =
                "SELECT count(*), count(*) FILTER (WHERE "
                        + UNMATCHED
                        + ") FROM incidents"
                        + where.sql();
        try (PreparedStatement ps = where.prepare(c, sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static Instant latestHour(Connection c, Principal.MerchantScope scope)
            throws SQLException {
        SqlWhere where = new SqlWhere().scope(scope, "merchant_id");
        String sql =
                "SELECT date_trunc('hour', max(first_decided_at) AT TIME ZONE 'UTC')"
                        + " FROM incidents"
                        + where.sql();
        try (PreparedStatement ps = where.prepare(c, sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            LocalDateTime hour = rs.getObject(1, LocalDateTime.class);
            return hour == null ? null : hour.toInstant(ZoneOffset.UTC);
        }
    }

    private static List<HourCount> perHour(
            Connection c, Principal.MerchantScope scope, Instant latestHour) throws SQLException {
        Instant from = latestHour.minusSeconds(3600L * (HOURS - 1));
        SqlWhere where =
                new SqlWhere()
                        .scope(scope, "merchant_id")
                        .and("first_decided_at >= ?", from.atOffset(ZoneOffset.UTC));
        String sql =
                "SELECT date_trunc('hour', first_decided_at AT TIME ZONE 'UTC'), type, count(*)"
                        + " FROM incidents"
                        + where.sql()
                        + " GROUP BY 1, 2 ORDER BY 1, 2";
        List<HourCount> rows = new ArrayList<>();
        try (PreparedStatement ps = where.prepare(c, sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(
                        new HourCount(
                                rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                                rs.getString(2),
                                rs.getLong(3)));
            }
        }
        return rows;
    }

    private static List<Group> groups(
            Connection c, Principal.MerchantScope scope, Dimension d, long total)
            throws SQLException {
        SqlWhere where = new SqlWhere().scope(scope, "merchant_id");
        String sql =
                "SELECT "
                        + d.column
                        + ", count(*) AS n, count(*) FILTER (WHERE "
                        + UNMATCHED
                        + ") FROM incidents"
                        + where.sql()
                        + " GROUP BY 1 ORDER BY n DESC, 1 NULLS LAST LIMIT ?";
        List<Group> rows = new ArrayList<>();
        try (PreparedStatement ps = where.prepare(c, sql, TOP);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long n = rs.getLong(2);
                double share = total == 0 ? 0 : Math.round(10_000.0 * n / total) / 10_000.0;
                rows.add(new Group(rs.getString(1), n, rs.getLong(3), share));
            }
        }
        return rows;
    }
}
