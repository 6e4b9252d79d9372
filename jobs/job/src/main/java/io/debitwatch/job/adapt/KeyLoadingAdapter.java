package io.debitwatch.job.adapt;

import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.Reasons;
import java.io.Serializable;
import java.util.Objects;

/**
 * A {@link RecordAdapter} that reads its keys where it runs, on first use: serialised, it is only
 * its {@link Loader}, which holds paths ({@link KeySource}), never keys. Until the keys can be
 * read, every record is rejected with the reason (e.g. a key file that is not there), and reading
 * is tried again after {@link #RETRY_NANOS}.
 */
public final class KeyLoadingAdapter implements RecordAdapter {

    private static final long serialVersionUID = 1L;

    /** How long a failed reading of the keys stands before it is tried again. */
    static final long RETRY_NANOS = 10_000_000_000L;

    /** Reads the keys and builds the adapter that uses them; runs where the records are read. */
    @FunctionalInterface
    public interface Loader extends Serializable {
        RecordAdapter load();
    }

    private final Loader loader;

    private transient volatile RecordAdapter adapter;
    private transient volatile String failure;
    private transient volatile long retryAt;

    public KeyLoadingAdapter(Loader loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    @Override
    public Adapted adapt(String record) {
        RecordAdapter a = adapter;
        if (a == null) {
            a = load();
            if (a == null) {
                return new Adapted.Rejected(failure);
            }
        }
        return a.adapt(record);
    }

    private synchronized RecordAdapter load() {
        if (adapter != null) {
            return adapter;
        }
        if (failure != null && System.nanoTime() - retryAt < 0) {
            return null;
        }
        try {
            adapter = loader.load();
            failure = null;
            return adapter;
        } catch (IllegalArgumentException e) {
            // The key readers' messages name the file and the problem, never key material.
            failure = Reasons.oneLine("keys unavailable: " + e.getMessage());
            retryAt = System.nanoTime() + RETRY_NANOS;
            return null;
        }
    }
}
