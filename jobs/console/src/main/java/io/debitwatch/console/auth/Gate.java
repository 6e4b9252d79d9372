package io.debitwatch.console.auth;

import io.debitwatch.console.Principal;
import io.debitwatch.core.json.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The check in front of every route that is not public: finds who the request is from (an API token
 * in {@code Authorization: Bearer}, else the session cookie), refuses a session's state-changing
 * request without its CSRF token (403), admin routes to anyone but an admin (403), and anonymous
 * requests (401 JSON under {@code /api/}, else a 303 to the sign-in page).
 */
final class Gate {

    /** Reachable without signing in. */
    static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/readyz", "/login", "/favicon.ico");

    /** Static assets (stylesheets, scripts, images) are public too; nothing secret lives there. */
    static final Set<String> PUBLIC_PREFIXES = Set.of("/auth/", "/static/");

    static final String API = "/api/";
    static final String ADMIN_API = "/api/v1/admin/";

    private final SessionStore sessions;
    private final ApiTokenStore tokens;

    Gate(SessionStore sessions, ApiTokenStore tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    void check(Context ctx) throws SQLException {
        if (isPublic(ctx.path())) {
            return;
        }
        String authorization = ctx.header("Authorization");
        Optional<Principal> principal;
        if (authorization != null) {
            principal = byToken(authorization);
        } else {
            Optional<SessionStore.Live> live = sessions.find(ctx.cookie(SessionCookies.SESSION));
            if (live.isPresent()
                    && Csrf.isStateChanging(ctx)
                    && !Csrf.carries(ctx, live.get().csrfToken())) {
                refuse(ctx, 403, "missing or wrong CSRF token");
                return;
            }
            live.ifPresent(l -> ctx.attribute(Csrf.ATTRIBUTE, l.csrfToken()));
            principal = live.map(SessionStore.Live::principal);
        }
        if (principal.isEmpty()) {
            refuseAnonymous(ctx);
        } else if (ctx.path().startsWith(ADMIN_API) && !principal.get().isAdmin()) {
            refuse(ctx, 403, "this needs the admin role");
        } else {
            ctx.attribute(Principal.ATTRIBUTE, principal.get());
        }
    }

    private Optional<Principal> byToken(String authorization) throws SQLException {
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return tokens.authenticate(authorization.substring(7).strip());
    }

    private void refuseAnonymous(Context ctx) {
        boolean page = !ctx.path().startsWith(API) && "GET".equals(ctx.req().getMethod());
        if (page) {
            String target =
                    ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
            ctx.redirect(
                    "/login?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8),
                    HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer");
        refuse(ctx, 401, "sign in or send an API token");
    }

    private static void refuse(Context ctx, int status, String reason) {
        ctx.status(status)
                .contentType("application/json")
                .result(Json.write(Map.of("error", reason)));
        ctx.skipRemainingHandlers();
    }

    static boolean isPublic(String path) {
        if (PUBLIC_PATHS.contains(path)) {
            return true;
        }
        return !path.contains("..") && PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
    }
}
