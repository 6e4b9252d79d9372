package io.debitwatch.console.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Login rate limiting, persisted in {@code login_failures} so that it survives a restart and holds
 * across consoles sharing a database: after {@link AuthSettings#maxFailuresPerUsername()} failed
 * logins for one username, or {@link AuthSettings#maxFailuresPerAddress()} from one client address,
 * within {@link AuthSettings#failureWindow()}, further attempts are refused until the oldest of
 * those failures leaves the window.
 *
 * <p>An attempt is counted as a failure when it starts ({@link #begin}), under a lock on its
 * username, and forgiven when it succeeds ({@link #succeeded}, which clears the username's
 * failures): so parallel attempts cannot all pass the check while their passwords are being hashed.
 */
final class LoginThrottle {

    private final DataSource dataSource;
    private final AuthSettings settings;

    LoginThrottle(DataSource dataSource, AuthSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    /**
     * Starts an attempt: how long to wait if it must not be made now; else empty, and the attempt
     * is recorded as a failure until {@link #succeeded}.
     */
    Optional<Duration> begin(String username, String address) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lock(c, username);
                Optional<Duration> wait = retryAfter(c, username, address);
                if (wait.isEmpty()) {
                    recordFailure(c, username, address);
                }
                c.commit();
                return wait;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The attempt succeeded: the username's failures are forgiven. */
    void succeeded(String username) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("DELETE FROM login_failures WHERE username = ?")) {
            ps.setString(1, username);
            ps.executeUpdate();
        }
    }

    /** Serialises the check-and-record of one username's attempts (held for milliseconds). */
    private static void lock(Connection c, String username) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('login:' || ?))")) {
            ps.setString(1, username);
            ps.execute();
        }
    }

    private Optional<Duration> retryAfter(Connection c, String username, String address)
            throws SQLException {
        Duration byName = wait(c, "username", username, settings.maxFailuresPerUsername());
        Duration byAddress = wait(c, "source_address", address, settings.maxFailuresPerAddress());
        Duration longest = byName.compareTo(byAddress) >= 0 ? byName : byAddress;
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /**
     * Zero when fewer than {@code max} failures for {@code value} lie in the window, else the time
     * until the {@code max}-th newest leaves it.
     */
    private Duration wait(Connection c, String column, String value, int max) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT ceil(extract(epoch FROM failed_at + ?::interval - now()))"
                                + " FROM login_failures WHERE "
                                + column
                                + " = ? AND failed_at > now() - ?::interval"
                                + " ORDER BY failed_at DESC OFFSET ? LIMIT 1")) {
            String window = SessionStore.interval(settings.failureWindow());
            ps.setString(1, window);
            ps.setString(2, value);
            ps.setString(3, window);
            ps.setInt(4, max - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Duration.ofSeconds(Math.max(1, rs.getLong(1))) : Duration.ZERO;
            }
        }
    }

    private void recordFailure(Connection c, String username, String address) throws SQLException {
        try (PreparedStatement insert =
                        c.prepareStatement(
                                "INSERT INTO login_failures (username, source_address)"
                                        + " VALUES (?, ?)");
                PreparedStatement prune =
                        c.prepareStatement(
                                "DELETE FROM login_failures WHERE failed_at < now() -"
                                        + " ?::interval")) {
            insert.setString(1, username);
            insert.setString(2, address);
            insert.executeUpdate();
            prune.setString(1, SessionStore.interval(settings.failureWindow()));
            prune.executeUpdate();
        }
    }
}
