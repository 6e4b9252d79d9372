package io.debitwatch.console.auth;

import io.debitwatch.console.Principal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Login sessions in the {@code sessions} table. The browser holds a random 256-bit id; the table
 * holds its SHA-256, the account, the session's CSRF token and its times. A session ends at logout,
 * after {@link AuthSettings#idleTimeout()} without a request, or {@link
 * AuthSettings#absoluteTimeout()} after login, whichever comes first.
 */
final class SessionStore {

    /** A new session: the id for the cookie (never stored) and its CSRF token. */
    record NewSession(String id, String csrfToken) {}

    /** A live session: who it is and its CSRF token. */
    record Live(Principal principal, String csrfToken) {}

    /** last_seen_at is written at most this often per session, not on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final AuthSettings settings;

    SessionStore(DataSource dataSource, AuthSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    NewSession create(long accountId) throws SQLException {
        String id = Secrets.random256();
        String csrf = Secrets.random256();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "INSERT INTO sessions (session_hash, account_id, csrf_token,"
                                        + " expires_at) VALUES (?, ?, ?, now() + ?::interval)")) {
            ps.setBytes(1, Secrets.sha256(id));
            ps.setLong(2, accountId);
            ps.setString(3, csrf);
            ps.setString(4, interval(settings.absoluteTimeout()));
            ps.executeUpdate();
        }
        return new NewSession(id, csrf);
    }

    /** The session with this id if it is live and its account enabled; touches it. */
    Optional<Live> find(String id) throws SQLException {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        byte[] hash = Secrets.sha256(id);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT s.csrf_token, s.last_seen_at < now() - ?::interval AS"
                                        + " stale, a.account_id, a.username, a.role,"
                                        + " a.merchant_ids, a.disabled, a.created_at FROM sessions"
                                        + " s JOIN accounts a ON a.account_id = s.account_id"
                                        + " WHERE s.session_hash = ? AND NOT a.disabled AND"
                                        + " s.expires_at > now() AND s.last_seen_at > now() -"
                                        + " ?::interval")) {
            ps.setString(1, interval(TOUCH_EVERY));
            ps.setBytes(2, hash);
            ps.setString(3, interval(settings.idleTimeout()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (rs.getBoolean("stale")) {
                    touch(c, hash);
                }
                return Optional.of(
                        new Live(AccountStore.account(rs).principal(), rs.getString("csrf_token")));
            }
        }
    }

    /** Writes last_seen_at at most every {@link #TOUCH_EVERY}, not on every request. */
    private static void touch(Connection c, byte[] hash) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "UPDATE sessions SET last_seen_at = now() WHERE session_hash = ?")) {
            ps.setBytes(1, hash);
            ps.executeUpdate();
        }
    }

    /** Ends the session with this id (nothing when there is none). */
    void delete(String id) throws SQLException {
        if (id == null || id.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("DELETE FROM sessions WHERE session_hash = ?")) {
            ps.setBytes(1, Secrets.sha256(id));
            ps.executeUpdate();
        }
    }

    /** Deletes sessions that are over, so the table does not grow. */
    int purgeExpired() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <="
                                        + " now() - ?::interval")) {
            ps.setString(1, interval(settings.idleTimeout()));
            return ps.executeUpdate();
        }
    }

    static String interval(Duration d) {
        return d.toMillis() + " milliseconds";
    }
}
