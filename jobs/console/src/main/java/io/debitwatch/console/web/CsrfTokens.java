package io.debitwatch.console.web;

import io.javalin.http.Context;

/**
 * The CSRF token of the caller's session, for pages to embed (a {@code <meta name="csrf-token">}
 * the script sends as {@code X-CSRF-Token}, and a hidden field in plain forms). The security layer
 * checks it on every state-changing request.
 */
final class CsrfTokens {

    private CsrfTokens() {}

    static String of(Context ctx) {
        // Until the accounts layer issues session tokens there is no session to bind one to.
        return "";
    }
}
