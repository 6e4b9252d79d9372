package io.debitwatch.console.auth;

import io.debitwatch.console.Principal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Account and token names, roles and merchant scopes as the database stores them. */
final class Names {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private Names() {}

    /**
     * A username or token name, lower-cased: 1–64 of {@code a-z 0-9 . _ -}, starting with a letter
     * or digit.
     *
     * @throws IllegalArgumentException otherwise
     */
    static String require(String what, String name) {
        String n = normalize(name);
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException(
                    what
                            + " must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with"
                            + " a letter or digit");
        }
        return n;
    }

    /** Trimmed and lower-cased; what a login form's username is compared as. */
    static String normalize(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    }

    static String roleName(Principal.Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    static Principal.Role role(String name) {
        return Principal.Role.parse(name);
    }

    /** The SQL array of a scope's merchants, or null for every merchant. */
    static Array merchants(Connection c, Principal.MerchantScope scope) throws SQLException {
        return scope.all()
                ? null
                : c.createArrayOf("text", scope.merchantIds().stream().sorted().toArray());
    }

    static Principal.MerchantScope scope(Array merchants) throws SQLException {
        if (merchants == null) {
            return Principal.MerchantScope.ALL;
        }
        return Principal.MerchantScope.only(Set.of((String[]) merchants.getArray()));
    }
}
