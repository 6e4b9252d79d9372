package io.debitwatch.console.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/**
 * The console's two cookies, both {@code HttpOnly; SameSite=Strict}, and {@code Secure} over HTTPS
 * or when {@link AuthSettings#secureCookies()} says the console is behind TLS: the session id, and
 * the sign-in form's CSRF token (double-submitted: the form's hidden field must equal it).
 */
final class SessionCookies {

    static final String SESSION = "dw_session";
    static final String LOGIN_FORM = "dw_login";

    private final boolean secureAlways;

    SessionCookies(boolean secureAlways) {
        this.secureAlways = secureAlways;
    }

    void setSession(Context ctx, String id) {
        ctx.cookie(cookie(ctx, SESSION, id, "/", -1));
    }

    void clearSession(Context ctx) {
        ctx.cookie(cookie(ctx, SESSION, "", "/", 0));
    }

    void setLoginForm(Context ctx, String token) {
        ctx.cookie(cookie(ctx, LOGIN_FORM, token, "/login", 3600));
    }

    void clearLoginForm(Context ctx) {
        ctx.cookie(cookie(ctx, LOGIN_FORM, "", "/login", 0));
    }

    private Cookie cookie(Context ctx, String name, String value, String path, int maxAge) {
        boolean secure = secureAlways || "https".equals(ctx.scheme());
        return new Cookie(name, value, path, maxAge, secure, true, null, SameSite.STRICT);
    }
}
