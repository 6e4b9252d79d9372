package io.debitwatch.console;

import io.javalin.config.JavalinConfig;

/**
 * The console's security layer ({@link io.debitwatch.console.auth.AccountSecurity} in the console
 * service). {@link ConsoleServer} installs it before its own routes: it authenticates every request
 * that is not public (health checks, the login page, static assets), attaches the {@link Principal}
 * under {@link Principal#ATTRIBUTE}, refuses state-changing requests without a valid CSRF token,
 * and registers its own routes (login, logout, accounts, tokens).
 */
public interface ConsoleSecurity {

    /** Registers the before-handlers and routes of this layer on {@code config}. */
    void install(JavalinConfig config);

    /**
     * Whether a server with this layer may listen on a non-loopback address: only when every
     * request must carry credentials.
     */
    boolean allowsRemote();

    /**
     * No login: every request is the local administrator, so the server listens on a loopback
     * address only. The console itself uses {@link io.debitwatch.console.auth.AccountSecurity}.
     */
    static ConsoleSecurity loopbackOnly() {
        Principal local = new Principal("local", Principal.Role.ADMIN, Principal.MerchantScope.ALL);
        return new ConsoleSecurity() {
            @Override
            public void install(JavalinConfig config) {
                config.routes.before(ctx -> ctx.attribute(Principal.ATTRIBUTE, local));
            }

            @Override
            public boolean allowsRemote() {
                return false;
            }
        };
    }
}
