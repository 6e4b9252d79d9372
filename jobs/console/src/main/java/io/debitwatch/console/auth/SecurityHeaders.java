package io.debitwatch.console.auth;

import io.javalin.http.Context;

/**
 * The headers every response of the console carries: a Content-Security-Policy that allows no
 * inline script or style and no framing, no referrer, no MIME sniffing, and no caching.
 */
final class SecurityHeaders {

    /** Scripts, styles and images from the console itself only; images also as data: URLs. */
    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private SecurityHeaders() {}

    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        if ("https".equals(ctx.scheme())) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
