package io.debitwatch.console.auth;

import io.debitwatch.console.Principal;
import java.time.Instant;

/** A console account as stored, without its password hash. */
public record Account(
        long id,
        String username,
        Principal.Role role,
        Principal.MerchantScope scope,
        boolean disabled,
        Instant createdAt) {

    /** Who this account is on a request. */
    public Principal principal() {
        return new Principal(username, role, scope);
    }
}
