package io.debitwatch.console;

import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The keys of what the store holds, for comparing it with another account of the same topics (the
 * demo's scorecard does): the order key of every incident and the id of every refund request.
 */
public record StoreKeys(Set<OrderKey> incidents, Set<String> refundRequests) {

    /** Reads both sets from {@code dataSource}. */
    public static StoreKeys read(DataSource dataSource) throws SQLException {
        Set<OrderKey> incidents = new HashSet<>();
        Set<String> refunds = new HashSet<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT provider, merchant_id, out_trade_no FROM incidents");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    incidents.add(
                            new OrderKey(
                                    Provider.valueOf(rs.getString(1)),
                                    rs.getString(2),
                                    rs.getString(3)));
                }
            }
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT refund_request_id FROM refund_requests");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    refunds.add(rs.getString(1));
                }
            }
        }
        return new StoreKeys(Set.copyOf(incidents), Set.copyOf(refunds));
    }
}
