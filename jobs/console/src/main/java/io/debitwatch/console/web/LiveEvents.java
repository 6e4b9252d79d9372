package io.debitwatch.console.web;

import io.debitwatch.console.IncidentFilter;
import io.debitwatch.console.IncidentQueries;
import io.debitwatch.console.IncidentQueries.IncidentSummary;
import io.debitwatch.console.Principal;
import io.debitwatch.core.json.Json;
import io.javalin.http.sse.SseClient;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events for the incidents list: each client names a filter and the change counter it
 * has seen; when incidents change, it gets an {@code incident} event for every changed incident
 * that matches its filter in its merchant scope, then an {@code at-risk} event with its money at
 * risk. One thread does the sending, so a slow client delays the others but never the store.
 */
public final class LiveEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    private static final int BATCH = 200;

    private final DataSource dataSource;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final ExecutorService sender;
    private final ChangeFeed feed;

    private LiveEvents(DataSource dataSource) {
        this.dataSource = dataSource;
        this.sender =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "debitwatch-console-sse");
                            t.setDaemon(true);
                            return t;
                        });
        this.feed = ChangeFeed.start(dataSource, this::changed, this::ping);
    }

    public static LiveEvents start(DataSource dataSource) {
        return new LiveEvents(dataSource);
    }

    private static final class Client {
        final SseClient sse;
        final Principal.MerchantScope scope;
        final IncidentFilter filter;
        volatile long seen;

        Client(SseClient sse, Principal.MerchantScope scope, IncidentFilter filter, long seen) {
            this.sse = sse;
            this.scope = scope;
            this.filter = filter;
            this.seen = seen;
        }
    }

    /**
     * Keeps {@code sse} open and sends it the changes after {@code since} (null: from now on) that
     * match {@code filter} in {@code scope}.
     */
    public void subscribe(
            SseClient sse, Principal.MerchantScope scope, IncidentFilter filter, Long since)
            throws SQLException {
        long from = since != null ? since : IncidentQueries.latestChange(dataSource);
        Client client = new Client(sse, scope, filter.withLimit(BATCH), from);
        sse.keepAlive();
        sse.onClose(() -> clients.remove(client));
        clients.add(client);
        sender.execute(
                () -> {
                    sse.sendComment("connected");
                    push(client);
                });
    }

    /** How many clients are connected (for tests and the readiness page). */
    public int clients() {
        return clients.size();
    }

    private void changed() {
        sender.execute(() -> clients.forEach(this::push));
    }

    private void ping() {
        sender.execute(() -> clients.forEach(c -> c.sse.sendComment("ping")));
    }

    private void push(Client c) {
        if (c.sse.terminated()) {
            clients.remove(c);
            return;
        }
        try {
            List<IncidentSummary> changed;
            boolean any = false;
            do {
                changed = IncidentQueries.changedSince(dataSource, c.scope, c.filter, c.seen);
                Instant now = Instant.now();
                for (IncidentSummary i : changed) {
                    c.sse.sendEvent(
                            "incident", Json.write(event(i, now)), Long.toString(i.changeSeq()));
                    c.seen = Math.max(c.seen, i.changeSeq());
                    any = true;
                }
            } while (changed.size() == BATCH);
            if (any) {
                var atRisk = IncidentQueries.atRisk(dataSource, c.scope);
                c.sse.sendEvent(
                        "at-risk",
                        Json.write(
                                Map.of(
                                        "text",
                                        IncidentListPage.atRiskText(atRisk),
                                        "at_risk",
                                        atRisk)));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn(
                    "cannot send live updates to a client; it will catch up on the next change", e);
        }
    }

    static Map<String, Object> event(IncidentSummary i, Instant now) {
        return Map.of("incident", i, "cells", IncidentRows.cells(i, now));
    }

    @Override
    public void close() {
        // The server's stop ends the open event streams; closing them here too would complete
        // requests Jetty may already have recycled.
        feed.close();
        sender.shutdownNow();
        clients.clear();
    }
}
