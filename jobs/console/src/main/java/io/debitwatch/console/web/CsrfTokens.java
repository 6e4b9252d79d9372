package io.debitwatch.console.web;

import io.debitwatch.console.auth.Csrf;
import io.javalin.http.Context;

/**
 * The CSRF token of the caller's session, for pages to embed (a {@code <meta name="csrf-token">}
 * the script sends as {@code X-CSRF-Token}, and a hidden field in plain forms). The security layer
 * checks it on every state-changing request ({@link Csrf}); it is empty for API tokens and for
 * security layers without sessions.
 */
final class CsrfTokens {

    private CsrfTokens() {}

    static String of(Context ctx) {
        return Csrf.token(ctx);
    }
}
