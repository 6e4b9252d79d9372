package io.debitwatch.console.auth;

import io.debitwatch.console.Principal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * API tokens for machine clients, in {@code api_tokens}: a name, a role and a merchant scope like
 * an account's; the secret ({@value #PREFIX} and 256 random bits) is kept as its SHA-256 only.
 * Clients send it as {@code Authorization: Bearer <token>}; such requests carry no cookie and need
 * no CSRF token. A revoked token is refused from the next request on.
 */
public final class ApiTokenStore {

    /** Every token starts with this, so that a leaked one is easy to recognise and search for. */
    public static final String PREFIX = "dwt_";

    private static final String COLUMNS =
            "token_id, name, role, merchant_ids, created_by, created_at, last_used_at, revoked_at";

    private final DataSource dataSource;

    public ApiTokenStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates a token.
     *
     * @throws IllegalArgumentException if the name is not valid or already used
     */
    public ApiToken.Created create(
            String name, Principal.Role role, Principal.MerchantScope scope, String createdBy)
            throws SQLException {
        String n = Names.require("a token name", name);
        String secret = PREFIX + Secrets.random256();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "INSERT INTO api_tokens (name, token_hash, role, merchant_ids,"
                                        + " created_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name)"
                                        + " DO NOTHING RETURNING "
                                        + COLUMNS)) {
            ps.setString(1, n);
            ps.setBytes(2, Secrets.sha256(secret));
            ps.setString(3, Names.roleName(role));
            ps.setArray(4, Names.merchants(c, scope));
            ps.setString(5, createdBy);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("there is already a token named " + n);
                }
                return new ApiToken.Created(token(rs), secret);
            }
        }
    }

    /** Revokes the token named {@code name}; false when there is no such live token. */
    public boolean revoke(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "UPDATE api_tokens SET revoked_at = now() WHERE name = ? AND"
                                        + " revoked_at IS NULL")) {
            ps.setString(1, Names.normalize(name));
            return ps.executeUpdate() == 1;
        }
    }

    /** Every token, revoked ones included, by name. */
    public List<ApiToken> list() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            List<ApiToken> tokens = new ArrayList<>();
            while (rs.next()) {
                tokens.add(token(rs));
            }
            return tokens;
        }
    }

    /** The principal of a live token with this secret; records its use (to the half minute). */
    Optional<Principal> authenticate(String secret) throws SQLException {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        byte[] hash = Secrets.sha256(secret);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT "
                                        + COLUMNS
                                        + ", last_used_at IS NULL OR last_used_at < now() -"
                                        + " interval '30 seconds' AS stale FROM api_tokens WHERE"
                                        + " token_hash = ? AND revoked_at IS NULL")) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (rs.getBoolean("stale")) {
                    markUsed(c, hash);
                }
                ApiToken t = token(rs);
                return Optional.of(new Principal("token:" + t.name(), t.role(), t.scope()));
            }
        }
    }

    private static void markUsed(Connection c, byte[] hash) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "UPDATE api_tokens SET last_used_at = now() WHERE token_hash = ?")) {
            ps.setBytes(1, hash);
            ps.executeUpdate();
        }
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(
                rs.getLong("token_id"),
                rs.getString("name"),
                Names.role(rs.getString("role")),
                Names.scope(rs.getArray("merchant_ids")),
                rs.getString("created_by"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("last_used_at")),
                instant(rs.getTimestamp("revoked_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
