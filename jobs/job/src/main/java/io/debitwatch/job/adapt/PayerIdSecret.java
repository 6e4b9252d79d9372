package io.debitwatch.job.adapt;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where the payer-id hash secret is read from: a file's path or an environment variable's name,
 * never the secret. This is what travels in the job graph, like {@link KeySource} for the provider
 * keys; the adapters and statement parsers read the secret where they run ({@link
 * ProviderKeys#payerIds(PayerIdSecret)}), so it never reaches the job graph or HA storage.
 */
public sealed interface PayerIdSecret extends Serializable {

    /** The secret is in this file (one trailing newline ignored). */
    record File(String path) implements PayerIdSecret {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The secret is the value of this environment variable where the job runs. */
    record Env(String variable) implements PayerIdSecret {
        public Env {
            Objects.requireNonNull(variable, "variable");
        }
    }

    /** No secret: payer ids are dropped. */
    record None() implements PayerIdSecret {}

    /** No secret: payer ids are dropped, never passed on. */
    static PayerIdSecret none() {
        return new None();
    }

    /**
     * The reference the options give: {@code secretFile} when given, else {@link
     * ProviderKeys#PAYER_ID_SECRET_ENV} when {@code envValue} (its value where the job is built) is
     * set, else none. Only presence is looked at: the value is not kept.
     */
    static PayerIdSecret of(String secretFile, String envValue) {
        if (secretFile != null && !secretFile.isBlank()) {
            return new File(secretFile.strip());
        }
        if (envValue != null && !envValue.isEmpty()) {
            return new Env(ProviderKeys.PAYER_ID_SECRET_ENV);
        }
        return none();
    }
}
