package io.debitwatch.console.auth;

import io.debitwatch.console.Principal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code accounts} table: creates accounts (password checked against {@link
 * Passwords#requireStrong} and stored as a bcrypt hash), finds and lists them.
 *
 * <pre>{@code
 * new AccountStore(dataSource).create("alice", Principal.Role.OPERATOR,
 *         Principal.MerchantScope.ALL, passwordFromFile);
 * }</pre>
 */
public final class AccountStore {

    private static final String COLUMNS =
            "account_id, username, role, merchant_ids, disabled, created_at";

    private final DataSource dataSource;

    public AccountStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates an account.
     *
     * @throws IllegalArgumentException if the username is not valid or taken, or the password weak
     */
    public Account create(
            String username, Principal.Role role, Principal.MerchantScope scope, String password)
            throws SQLException {
        String name = Names.require("a username", username);
        String hash = Passwords.hash(name, password);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "INSERT INTO accounts (username, password_hash, role, merchant_ids)"
                                        + " VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING"
                                        + " RETURNING "
                                        + COLUMNS)) {
            ps.setString(1, name);
            ps.setString(2, hash);
            ps.setString(3, Names.roleName(role));
            ps.setArray(4, Names.merchants(c, scope));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("there is already an account " + name);
                }
                return account(rs);
            }
        }
    }

    /**
     * Sets a new password (checked like a new account's) and ends the account's sessions.
     *
     * @return false when there is no such account
     */
    public boolean setPassword(String username, String password) throws SQLException {
        String name = Names.normalize(username);
        String hash = Passwords.hash(name, password);
        return updateAndEndSessions(
                "UPDATE accounts SET password_hash = ?, password_changed_at = now() WHERE"
                        + " username = ?",
                hash,
                name);
    }

    /**
     * Disables or enables an account; disabling ends its sessions at once.
     *
     * @return false when there is no such account
     */
    public boolean setDisabled(String username, boolean disabled) throws SQLException {
        return updateAndEndSessions(
                "UPDATE accounts SET disabled = ? WHERE username = ?",
                disabled,
                Names.normalize(username));
    }

    private boolean updateAndEndSessions(String sql, Object value, String username)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement(sql);
                    PreparedStatement end =
                            c.prepareStatement(
                                    "DELETE FROM sessions WHERE account_id = (SELECT account_id"
                                            + " FROM accounts WHERE username = ?)")) {
                update.setObject(1, value);
                update.setString(2, username);
                boolean found = update.executeUpdate() == 1;
                end.setString(1, username);
                end.executeUpdate();
                c.commit();
                return found;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The account called {@code username} (normalised as a login form's is), if any. */
    public Optional<Account> find(String username) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT " + COLUMNS + " FROM accounts WHERE username = ?")) {
            ps.setString(1, Names.normalize(username));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        }
    }

    /** Every account, by username. */
    public List<Account> list() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT " + COLUMNS + " FROM accounts ORDER BY username");
                ResultSet rs = ps.executeQuery()) {
            List<Account> accounts = new ArrayList<>();
            while (rs.next()) {
                accounts.add(account(rs));
            }
            return accounts;
        }
    }

    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM accounts");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The enabled account whose username and password these are; empty otherwise, after the same
     * bcrypt work whether or not the account exists.
     */
    Optional<Account> authenticate(String username, String password) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT "
                                        + COLUMNS
                                        + ", password_hash FROM accounts WHERE username = ?")) {
            ps.setString(1, Names.normalize(username));
            try (ResultSet rs = ps.executeQuery()) {
                String hash = rs.next() ? rs.getString("password_hash") : null;
                boolean ok = Passwords.matches(password, hash);
                if (!ok || rs.getBoolean("disabled")) {
                    return Optional.empty();
                }
                return Optional.of(account(rs));
            }
        }
    }

    static Account account(ResultSet rs) throws SQLException {
        return new Account(
                rs.getLong("account_id"),
                rs.getString("username"),
                Names.role(rs.getString("role")),
                Names.scope(rs.getArray("merchant_ids")),
                rs.getBoolean("disabled"),
                rs.getTimestamp("created_at").toInstant());
    }
}
