package io.debitwatch.console.auth;

import io.javalin.http.Context;
import java.util.Set;

/**
 * CSRF protection for cookie sessions: a synchronizer token, random per session and stored with it.
 * Every state-changing request (POST, PUT, PATCH, DELETE) of a session must carry it, in the header
 * {@value #HEADER} or the form field {@value #FIELD}; otherwise {@link AccountSecurity} answers 403
 * before any handler runs. Requests with an API token ({@code Authorization: Bearer}) carry no
 * cookie and need none.
 *
 * <p>Pages put the token into every form they render, e.g. the logout form:
 *
 * <pre>{@code
 * <form method="post" action="/logout">
 *   <input type="hidden" name="csrf" value="${Csrf.token(ctx)}">
 *   <button id="logout">Log out</button>
 * </form>
 * }</pre>
 *
 * (HTML-escape it like any value; it is URL-safe Base64, so escaping changes nothing.) Scripts read
 * it from the page, e.g. a {@code <meta name="csrf-token">} tag, and send it as {@value #HEADER}.
 */
public final class Csrf {

    /** The request header that carries the token. */
    public static final String HEADER = "X-CSRF-Token";

    /** The form field that carries the token. */
    public static final String FIELD = "csrf";

    /** The request attribute {@link AccountSecurity} stores the session's token under. */
    static final String ATTRIBUTE = "debitwatch.csrf";

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private Csrf() {}

    /**
     * The CSRF token of the request's session, to render into forms; an empty string when the
     * request was authenticated by an API token (which needs none) or not at all.
     */
    public static String token(Context ctx) {
        String token = ctx.attribute(ATTRIBUTE);
        return token == null ? "" : token;
    }

    static boolean isStateChanging(Context ctx) {
        return STATE_CHANGING.contains(ctx.req().getMethod());
    }

    /** Whether the request carries {@code expected} in the header or the form field. */
    static boolean carries(Context ctx, String expected) {
        String given = ctx.header(HEADER);
        if (given == null && isForm(ctx)) {
            given = ctx.formParam(FIELD);
        }
        return Secrets.sameSecret(expected, given);
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null
                && (type.startsWith("application/x-www-form-urlencoded")
                        || type.startsWith("multipart/form-data"));
    }
}
