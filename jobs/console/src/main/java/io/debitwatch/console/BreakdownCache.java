package io.debitwatch.console;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The breakdowns of each merchant scope, computed at most once per {@code maxAge}: they group every
 * stored incident, which takes seconds with a million of them, so a page or API request is served
 * the last computed value. A request for a scope never computed waits for it; a request that finds
 * it older than {@code maxAge} gets it at once and starts one recomputation in the background (on a
 * thread of its own; requests meanwhile keep getting the previous value). The breakdowns say when
 * they were computed ({@link BreakdownQueries.Breakdowns#computedAt}).
 */
public final class BreakdownCache {

    private static final Logger LOG = LoggerFactory.getLogger(BreakdownCache.class);

    private final DataSource dataSource;
    private final Duration maxAge;
    private final Map<Principal.MerchantScope, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        volatile BreakdownQueries.Breakdowns value;
        final AtomicBoolean refreshing = new AtomicBoolean();
    }

    public BreakdownCache(DataSource dataSource, Duration maxAge) {
        this.dataSource = dataSource;
        this.maxAge = maxAge;
    }

    /**
     * The breakdowns of {@code scope}, at most about {@code maxAge} old (see the class comment).
     */
    public BreakdownQueries.Breakdowns get(Principal.MerchantScope scope) throws SQLException {
        Entry entry = entries.computeIfAbsent(scope, s -> new Entry());
        BreakdownQueries.Breakdowns value = entry.value;
        if (value == null) {
            synchronized (entry) {
                if (entry.value == null) {
                    entry.value = BreakdownQueries.read(dataSource, scope);
                }
                return entry.value;
            }
        }
        if (value.computedAt().plus(maxAge).isBefore(Instant.now())
                && entry.refreshing.compareAndSet(false, true)) {
            Thread t = new Thread(() -> refresh(scope, entry), "debitwatch-console-breakdowns");
            t.setDaemon(true);
            t.start();
        }
        return value;
    }

    private void refresh(Principal.MerchantScope scope, Entry entry) {
        try {
            entry.value = BreakdownQueries.read(dataSource, scope);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("recomputing the breakdowns failed; serving the previous ones", e);
        } finally {
            entry.refreshing.set(false);
        }
    }
}
