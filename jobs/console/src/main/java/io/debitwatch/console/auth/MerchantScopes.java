package io.debitwatch.console.auth;

import io.debitwatch.console.Principal;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Merchant scopes as people write them: {@code M1,M2} on a command line, a list in JSON. */
public final class MerchantScopes {

    private MerchantScopes() {}

    /** Every merchant for null, else the comma-separated merchant ids. */
    public static Principal.MerchantScope parse(String commaSeparated) {
        if (commaSeparated == null) {
            return Principal.MerchantScope.ALL;
        }
        return of(Arrays.asList(commaSeparated.split(",", -1)));
    }

    /**
     * Only these merchant ids (trimmed).
     *
     * @throws IllegalArgumentException if the list is empty or holds a blank id
     */
    public static Principal.MerchantScope of(Collection<String> merchantIds) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : merchantIds) {
            String m = id == null ? "" : id.strip();
            if (m.isEmpty() || m.length() > 128 || m.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(
                        "a merchant scope lists merchant ids (1-128 characters, no blanks)");
            }
            ids.add(m);
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("a merchant scope lists at least one merchant id");
        }
        return Principal.MerchantScope.only(ids);
    }
}
