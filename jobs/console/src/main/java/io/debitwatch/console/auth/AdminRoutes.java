package io.debitwatch.console.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.console.Principal;
import io.debitwatch.core.json.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/me} for everyone signed in (name, role, merchants and, for a session, its CSRF
 * token; same-origin only, as the console sends no CORS headers), and the admin API under {@code
 * /api/v1/admin/} ({@link Gate} lets only admins through): list, create, disable and enable
 * accounts; list, create and revoke API tokens.
 */
final class AdminRoutes {

    private final AccountStore accounts;
    private final ApiTokenStore tokens;

    AdminRoutes(AccountStore accounts, ApiTokenStore tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    void install(JavalinConfig config) {
        config.routes.get("/api/v1/me", AdminRoutes::me);
        config.routes.get("/api/v1/admin/accounts", adminOnly(this::listAccounts));
        config.routes.post("/api/v1/admin/accounts", adminOnly(this::createAccount));
        config.routes.post(
                "/api/v1/admin/accounts/{username}/disable", adminOnly(ctx -> disable(ctx, true)));
        config.routes.post(
                "/api/v1/admin/accounts/{username}/enable", adminOnly(ctx -> disable(ctx, false)));
        config.routes.get("/api/v1/admin/tokens", adminOnly(this::listTokens));
        config.routes.post("/api/v1/admin/tokens", adminOnly(this::createToken));
        config.routes.delete("/api/v1/admin/tokens/{name}", adminOnly(this::revokeToken));
    }

    /**
     * The role check again in the handler, not only in {@link Gate}'s path check: a path the router
     * matches but the prefix check misses must not open the admin API.
     */
    private static Handler adminOnly(Handler handler) {
        return ctx -> {
            if (Principal.of(ctx).isAdmin()) {
                handler.handle(ctx);
            } else {
                json(ctx, 403, Map.of("error", "this needs the admin role"));
            }
        };
    }

    /** Who the caller is; for a session also its CSRF token, for scripts of the console's pages. */
    private static void me(Context ctx) {
        Map<String, Object> m = principal(Principal.of(ctx));
        if (!Csrf.token(ctx).isEmpty()) {
            m.put("csrf_token", Csrf.token(ctx));
        }
        json(ctx, 200, m);
    }

    private void listAccounts(Context ctx) throws SQLException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Account a : accounts.list()) {
            Map<String, Object> m = principal(a.principal());
            m.put("disabled", a.disabled());
            m.put("created_at", a.createdAt().toString());
            list.add(m);
        }
        json(ctx, 200, Map.of("accounts", list));
    }

    /** Body: {@code {"username", "role", "password", "merchants": [..] (optional)}}. */
    private void createAccount(Context ctx) throws SQLException {
        JsonNode body = body(ctx);
        Account a =
                accounts.create(
                        text(body, "username"), role(body), scope(body), text(body, "password"));
        json(ctx, 201, principal(a.principal()));
    }

    /** Disables (ending its sessions) or enables an account; an admin cannot disable itself. */
    private void disable(Context ctx, boolean disabled) throws SQLException {
        String username = Names.normalize(ctx.pathParam("username"));
        if (disabled && username.equals(Principal.of(ctx).name())) {
            throw new IllegalArgumentException("an admin cannot disable its own account");
        }
        if (accounts.setDisabled(username, disabled)) {
            ctx.status(204);
        } else {
            json(ctx, 404, Map.of("error", "no account " + username));
        }
    }

    private void listTokens(Context ctx) throws SQLException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ApiToken t : tokens.list()) {
            list.add(token(t));
        }
        json(ctx, 200, Map.of("tokens", list));
    }

    /** Body: {@code {"name", "role", "merchants": [..] (optional)}}; answers the secret once. */
    private void createToken(Context ctx) throws SQLException {
        JsonNode body = body(ctx);
        ApiToken.Created created =
                tokens.create(
                        text(body, "name"), role(body), scope(body), Principal.of(ctx).name());
        Map<String, Object> m = token(created.token());
        m.put("token", created.secret());
        json(ctx, 201, m);
    }

    private void revokeToken(Context ctx) throws SQLException {
        if (tokens.revoke(ctx.pathParam("name"))) {
            ctx.status(204);
        } else {
            json(ctx, 404, Map.of("error", "no live token named " + ctx.pathParam("name")));
        }
    }

    static Map<String, Object> principal(Principal p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("role", Names.roleName(p.role()));
        m.put(
                "merchants",
                p.scope().all() ? null : p.scope().merchantIds().stream().sorted().toList());
        return m;
    }

    private static Map<String, Object> token(ApiToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("role", Names.roleName(t.role()));
        m.put(
                "merchants",
                t.scope().all() ? null : t.scope().merchantIds().stream().sorted().toList());
        m.put("created_by", t.createdBy());
        m.put("created_at", String.valueOf(t.createdAt()));
        m.put("last_used_at", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
        m.put("revoked_at", t.revokedAt() == null ? null : t.revokedAt().toString());
        return m;
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode node = Json.mapper().readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + " is required (a string)");
        }
        return v.asText();
    }

    private static Principal.Role role(JsonNode body) {
        return Principal.Role.parse(text(body, "role"));
    }

    private static Principal.MerchantScope scope(JsonNode body) {
        JsonNode merchants = body.get("merchants");
        if (merchants == null || merchants.isNull()) {
            return Principal.MerchantScope.ALL;
        }
        if (!merchants.isArray()) {
            throw new IllegalArgumentException("merchants must be a list of merchant ids");
        }
        List<String> ids = new ArrayList<>();
        merchants.forEach(m -> ids.add(m.asText()));
        return MerchantScopes.of(ids);
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
