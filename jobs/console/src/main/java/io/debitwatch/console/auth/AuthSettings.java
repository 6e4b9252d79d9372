package io.debitwatch.console.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How the console's login behaves: session timeouts, whether cookies are marked {@code Secure}, and
 * the login rate limits.
 *
 * @param idleTimeout a session unused this long is over
 * @param absoluteTimeout a session this old is over, however busy
 * @param secureCookies mark the session cookie {@code Secure} even on plain HTTP (for a console
 *     behind a TLS-terminating proxy); requests that arrive over HTTPS get it anyway
 * @param maxFailuresPerUsername failed logins for one username within {@code failureWindow} before
 *     further attempts are refused with 429
 * @param maxFailuresPerAddress the same for one client address
 * @param failureWindow how far back failed logins count
 */
public record AuthSettings(
        Duration idleTimeout,
        Duration absoluteTimeout,
        boolean secureCookies,
        int maxFailuresPerUsername,
        int maxFailuresPerAddress,
        Duration failureWindow) {

    public AuthSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
        Objects.requireNonNull(failureWindow, "failureWindow");
        if (maxFailuresPerUsername < 1 || maxFailuresPerAddress < 1) {
            throw new IllegalArgumentException("the failure limits must be at least 1");
        }
    }

    /** 30 minutes idle, 12 hours at most; 5 failures per username, 20 per address in 15 min. */
    public static AuthSettings defaults() {
        return new AuthSettings(
                Duration.ofMinutes(30), Duration.ofHours(12), false, 5, 20, Duration.ofMinutes(15));
    }

    public AuthSettings withSecureCookies(boolean secure) {
        return new AuthSettings(
                idleTimeout,
                absoluteTimeout,
                secure,
                maxFailuresPerUsername,
                maxFailuresPerAddress,
                failureWindow);
    }
}
