package io.debitwatch.console.auth;

import io.debitwatch.console.Principal;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /login} (the sign-in page), {@code POST /login} (form fields {@code username}, {@code
 * password}, {@code csrf}, optional {@code next}) and {@code POST /logout}. A successful sign-in
 * ends any session the browser had and starts a new one under a new id (no session fixation).
 */
final class LoginRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);

    /** Where a sign-in leads when the form names no page. */
    static final String HOME = "/";

    private final AccountStore accounts;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final SessionCookies cookies;

    LoginRoutes(
            AccountStore accounts,
            SessionStore sessions,
            LoginThrottle throttle,
            SessionCookies cookies) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.throttle = throttle;
        this.cookies = cookies;
    }

    void install(JavalinConfig config) {
        config.routes.get("/login", this::page);
        config.routes.post("/login", this::login);
        config.routes.post("/logout", this::logout);
        config.routes.get(
                "/auth/login.css", ctx -> ctx.contentType("text/css").result(LoginPage.CSS));
    }

    /** The form, also to a signed-in browser: signing in again replaces its session. */
    private void page(Context ctx) {
        String next = safeNext(ctx.queryParam("next"));
        LoginPage.Message message =
                ctx.queryParam("signed-out") != null
                        ? LoginPage.Message.SIGNED_OUT
                        : LoginPage.Message.NONE;
        show(ctx, 200, message, 0, next, "");
    }

    private void login(Context ctx) throws SQLException {
        String next = safeNext(ctx.formParam("next"));
        String username = limit(Names.normalize(ctx.formParam("username")));
        String formToken = ctx.cookie(SessionCookies.LOGIN_FORM);
        if (formToken == null || !Secrets.sameSecret(formToken, ctx.formParam(Csrf.FIELD))) {
            show(ctx, 403, LoginPage.Message.FORM_EXPIRED, 0, next, username);
            return;
        }
        String address = ctx.ip();
        Optional<Duration> wait = throttle.begin(username, address);
        if (wait.isPresent()) {
            long seconds = wait.get().toSeconds();
            ctx.header("Retry-After", Long.toString(seconds));
            show(ctx, 429, LoginPage.Message.TOO_MANY_ATTEMPTS, minutes(seconds), next, username);
            return;
        }
        Optional<Account> account = accounts.authenticate(username, ctx.formParam("password"));
        if (account.isEmpty()) {
            // Not the username: people type their password into it by mistake.
            LOG.warn("failed sign-in from {}", address);
            show(ctx, 401, LoginPage.Message.WRONG_CREDENTIALS, 0, next, username);
            return;
        }
        startSession(ctx, account.get());
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    private void startSession(Context ctx, Account account) throws SQLException {
        // Whatever session the browser came with ends here: the new one gets a new id.
        sessions.delete(ctx.cookie(SessionCookies.SESSION));
        throttle.succeeded(account.username());
        sessions.purgeExpired();
        SessionStore.NewSession session = sessions.create(account.id());
        cookies.setSession(ctx, session.id());
        cookies.clearLoginForm(ctx);
        LOG.info("{} signed in from {}", account.username(), ctx.ip());
    }

    private void logout(Context ctx) throws SQLException {
        // The gate has checked the session and its CSRF token before this runs.
        sessions.delete(ctx.cookie(SessionCookies.SESSION));
        cookies.clearSession(ctx);
        Principal who = ctx.attribute(Principal.ATTRIBUTE);
        if (who != null) {
            LOG.info("{} signed out", who.name());
        }
        ctx.redirect("/login?signed-out", HttpStatus.SEE_OTHER);
    }

    private void show(
            Context ctx,
            int status,
            LoginPage.Message message,
            long minutes,
            String next,
            String username) {
        String token = ctx.cookie(SessionCookies.LOGIN_FORM);
        if (token == null || token.length() != 43) {
            token = Secrets.random256();
            cookies.setLoginForm(ctx, token);
        }
        ctx.status(status).html(LoginPage.render(message, minutes, token, next, username));
    }

    /**
     * A local path to go to after signing in; anything else (another site, {@code //host}, a
     * scheme, control characters) becomes {@link #HOME}, so the form cannot redirect off-site.
     */
    static String safeNext(String next) {
        if (next == null
                || next.length() > 2000
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.startsWith("/\\")
                || next.startsWith("/login")
                || next.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == '\\')) {
            return HOME;
        }
        return next;
    }

    private static long minutes(long seconds) {
        return Math.max(1, (seconds + 59) / 60);
    }

    private static String limit(String username) {
        return username.length() > 64 ? username.substring(0, 64) : username;
    }
}
