package io.debitwatch.console;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.util.Objects;
import java.util.Set;

/**
 * Who is making a request: an account (or API token) name, its role and the merchants it may see.
 * The console's security layer ({@link ConsoleSecurity}) attaches one to every request it lets
 * through; pages and API handlers read it with {@link #of(Context)} and never trust anything else
 * for who the caller is.
 */
public record Principal(String name, Role role, MerchantScope scope) {

    /** The request attribute the security layer stores the principal under. */
    public static final String ATTRIBUTE = "debitwatch.principal";

    /** Roles in increasing power: each may do what the ones before it may. */
    public enum Role {
        /** Reads incidents, breakdowns and exports. */
        VIEWER,
        /** Also acts on incidents: acknowledge, assign, note, close. */
        OPERATOR,
        /** Also manages accounts and API tokens. */
        ADMIN;

        public boolean atLeast(Role other) {
            return compareTo(other) >= 0;
        }

        /**
         * The role named {@code name} ({@code viewer}, {@code operator} or {@code admin}, any
         * case).
         *
         * @throws IllegalArgumentException for any other name
         */
        public static Role parse(String name) {
            for (Role role : values()) {
                if (role.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return role;
                }
            }
            throw new IllegalArgumentException("a role is viewer, operator or admin; got " + name);
        }
    }

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(scope, "scope");
    }

    public boolean canAct() {
        return role.atLeast(Role.OPERATOR);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** The principal the security layer attached to {@code ctx}; 401 if there is none. */
    public static Principal of(Context ctx) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        if (principal == null) {
            throw new UnauthorizedResponse();
        }
        return principal;
    }

    /**
     * The merchants a principal may see: every merchant, or only the listed ids. A scoped principal
     * never sees another merchant's incident, through any page, API call or export.
     */
    public record MerchantScope(boolean all, Set<String> merchantIds) {

        public static final MerchantScope ALL = new MerchantScope(true, Set.of());

        public MerchantScope {
            merchantIds = Set.copyOf(merchantIds);
            if (!all && merchantIds.isEmpty()) {
                throw new IllegalArgumentException("a merchant scope lists at least one merchant");
            }
        }

        public static MerchantScope only(Set<String> merchantIds) {
            return new MerchantScope(false, merchantIds);
        }

        public boolean sees(String merchantId) {
            return all || merchantIds.contains(merchantId);
        }
    }
}
