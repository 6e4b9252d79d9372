package io.debitwatch.console.auth;

import io.debitwatch.console.Principal;
import java.time.Instant;

/** An API token as stored: never the token itself, which is shown once when it is created. */
public record ApiToken(
        long id,
        String name,
        Principal.Role role,
        Principal.MerchantScope scope,
        String createdBy,
        Instant createdAt,
        Instant lastUsedAt,
        Instant revokedAt) {

    /** A token just created, with its secret: show it once, it cannot be read again. */
    public record Created(ApiToken token, String secret) {}
}
