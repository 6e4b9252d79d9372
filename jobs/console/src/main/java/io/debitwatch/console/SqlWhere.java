package io.debitwatch.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A WHERE clause built from fixed SQL fragments and the values they take as parameters: values
 * never become SQL text.
 */
final class SqlWhere {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    /** Adds {@code fragment} (fixed SQL with {@code ?} placeholders) and its values. */
    SqlWhere and(String fragment, Object... values) {
        conditions.add(fragment);
        params.addAll(List.of(values));
        return this;
    }

    /**
     * Adds {@code fragment} when {@code value} is not null, with {@code value} for its first
     * placeholder and {@code more} for the others.
     */
    SqlWhere andIf(String fragment, Object value, Object... more) {
        if (value == null) {
            return this;
        }
        conditions.add(fragment);
        params.add(value);
        params.addAll(List.of(more));
        return this;
    }

    /** Restricts to the merchants {@code scope} sees (nothing for an unrestricted scope). */
    SqlWhere scope(Principal.MerchantScope scope, String column) {
        if (!scope.all()) {
            and(column + " = ANY(?::text[])", (Object) scope.merchantIds().toArray(new String[0]));
        }
        return this;
    }

    /** {@code " WHERE a AND b"}, or nothing. */
    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    List<Object> params() {
        return params;
    }

    /** Prepares {@code sql} and binds this clause's values from the first placeholder on. */
    PreparedStatement prepare(Connection c, String sql, Object... trailing) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        int i = 1;
        for (Object p : params) {
            bind(c, ps, i++, p);
        }
        for (Object p : trailing) {
            bind(c, ps, i++, p);
        }
        return ps;
    }

    private static void bind(Connection c, PreparedStatement ps, int i, Object p)
            throws SQLException {
        if (p instanceof String[] texts) {
            ps.setArray(i, c.createArrayOf("text", texts));
        } else {
            ps.setObject(i, p);
        }
    }
}
