package io.debitwatch.console.auth;

import io.debitwatch.console.ConsoleSecurity;
import io.javalin.config.JavalinConfig;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's real security layer: local accounts with bcrypt passwords, sessions in PostgreSQL
 * with CSRF tokens, API tokens, login rate limiting and security headers on every response. With it
 * the console may listen on any address. See docs/console.md, "Security".
 */
public final class AccountSecurity implements ConsoleSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(AccountSecurity.class);

    private final AccountStore accounts;
    private final Gate gate;
    private final LoginRoutes login;
    private final AdminRoutes admin;

    public AccountSecurity(DataSource dataSource, AuthSettings settings) {
        this.accounts = new AccountStore(dataSource);
        SessionStore sessions = new SessionStore(dataSource, settings);
        ApiTokenStore tokens = new ApiTokenStore(dataSource);
        this.gate = new Gate(sessions, tokens);
        this.login =
                new LoginRoutes(
                        accounts,
                        sessions,
                        new LoginThrottle(dataSource, settings),
                        new SessionCookies(settings.secureCookies()));
        this.admin = new AdminRoutes(accounts, tokens);
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.before(SecurityHeaders::apply);
        config.routes.before(gate::check);
        login.install(config);
        admin.install(config);
    }

    @Override
    public boolean allowsRemote() {
        return true;
    }

    /** Logs how to create the first account when there is none (nobody can sign in yet). */
    public void logIfNoAccounts() {
        long count;
        try {
            count = accounts.count();
        } catch (SQLException e) {
            LOG.error("cannot count the console's accounts", e);
            return;
        }
        if (count == 0) {
            LOG.warn(
                    "the console has no accounts yet, so nobody can sign in: create one with"
                            + " ./debitwatch console add-user --username NAME --role admin"
                            + " (and the same --data-dir or --jdbc-url)");
        }
    }
}
