package io.debitwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * {@code bench-console}'s load run on the read side: concurrent clients, each with one request at a
 * time and {@code Authorization: Bearer}, take the endpoints in turn (filters with random values
 * from {@link ConsoleBenchStore}'s data) and record the latency of each endpoint as a client sees
 * it. The "deep pages" endpoint follows each client's own chain of {@code next} cursors.
 */
final class ConsoleBenchLoad {

    /** Per endpoint: latencies in µs and answers that were not 200. */
    record Figures(Map<String, Histogram> micros, Map<String, Long> failures) {}

    private record Endpoint(String name, Function<Client, String> path) {}

    private final String base;
    private final String token;
    private final long firstId;
    private final long lastId;
    private final int incidents;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
    private final List<Endpoint> endpoints = endpoints();

    ConsoleBenchLoad(String base, String token, long[] idRange, int incidents) {
        this.base = base;
        this.token = token;
        this.firstId = idRange[0];
        this.lastId = idRange[1];
        this.incidents = incidents;
    }

    /** One client's state: its random source and its position in the deep-page chain. */
    private final class Client {
        final SplittableRandom random;
        String next;
        int depth;

        Client(long seed) {
            random = new SplittableRandom(seed);
        }

        String order() {
            return String.format("LOAD%012d", 1 + random.nextInt(incidents));
        }

        long incidentId() {
            return firstId + random.nextLong(lastId - firstId + 1);
        }
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> e = new ArrayList<>();
        e.add(new Endpoint("list first page", c -> "/api/v1/incidents"));
        e.add(new Endpoint("list page (HTML)", c -> "/incidents"));
        e.add(new Endpoint("filter state", c -> "/api/v1/incidents?state=acknowledged"));
        e.add(new Endpoint("filter type", c -> "/api/v1/incidents?type=CONFLICT"));
        e.add(new Endpoint("filter provider", c -> "/api/v1/incidents?provider=ALIPAY"));
        e.add(new Endpoint("filter merchant", c -> "/api/v1/incidents?merchant=" + merchant(c)));
        e.add(new Endpoint("filter store", c -> "/api/v1/incidents?store=" + store(c)));
        e.add(new Endpoint("filter app version", c -> "/api/v1/incidents?app_version=" + app(c)));
        e.add(new Endpoint("search out_trade_no", c -> "/api/v1/incidents?q=" + c.order()));
        e.add(
                new Endpoint(
                        "search provider_txn_id",
                        c -> "/api/v1/incidents?q=4200002026" + c.order()));
        e.add(new Endpoint("deep keyset page", this::deepPage));
        e.add(new Endpoint("sort by amount", c -> "/api/v1/incidents?sort=amount"));
        e.add(new Endpoint("incident page (HTML)", c -> "/incidents/" + c.incidentId()));
        e.add(new Endpoint("incident API", c -> "/api/v1/incidents/" + c.incidentId()));
        e.add(new Endpoint("breakdowns API", c -> "/api/v1/breakdowns"));
        e.add(new Endpoint("breakdowns page (HTML)", c -> "/breakdowns"));
        e.add(new Endpoint("at-risk total", c -> "/api/v1/at-risk"));
        e.add(
                new Endpoint(
                        "CSV of a filtered page",
                        c -> "/api/v1/incidents.csv?state=open&merchant=" + merchant(c)));
        return e;
    }

    private static String merchant(Client c) {
        return String.format("1900%04d", c.random.nextInt(ConsoleBenchStore.MERCHANTS));
    }

    private static String store(Client c) {
        return String.format("S%04d", c.random.nextInt(ConsoleBenchStore.STORES));
    }

    private static String app(Client c) {
        String[] versions = ConsoleBenchStore.APP_VERSIONS;
        return URLEncoder.encode(
                versions[c.random.nextInt(versions.length)], StandardCharsets.UTF_8);
    }

    private String deepPage(Client c) {
        return c.next == null ? "/api/v1/incidents" : "/api/v1/incidents?after=" + c.next;
    }

    /** {@code requests} requests by {@code clients} clients, after one untimed pass. */
    Figures run(int clients, int requests) throws Exception {
        Figures figures = new Figures(new LinkedHashMap<>(), new LinkedHashMap<>());
        for (Endpoint e : endpoints) {
            figures.micros.put(e.name(), new Histogram(60_000_000L, 3));
            figures.failures.put(e.name(), 0L);
        }
        runClients(1, endpoints.size(), new Figures(new LinkedHashMap<>(), new LinkedHashMap<>()));
        runClients(clients, requests, figures);
        return figures;
    }

    private void runClients(int clients, int requests, Figures into) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Figures>> parts = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                long seed = 7919L * (i + 1);
                parts.add(pool.submit(() -> client(new Client(seed), next, requests)));
            }
            for (Future<Figures> f : parts) {
                Figures part = f.get();
                part.micros.forEach((k, h) -> into.micros.merge(k, h, ConsoleBenchLoad::merged));
                part.failures.forEach((k, n) -> into.failures.merge(k, n, Long::sum));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Histogram merged(Histogram a, Histogram b) {
        a.add(b);
        return a;
    }

    private Figures client(Client c, AtomicInteger next, int requests) throws Exception {
        Figures mine = new Figures(new LinkedHashMap<>(), new LinkedHashMap<>());
        for (int n = next.getAndIncrement(); n < requests; n = next.getAndIncrement()) {
            Endpoint e = endpoints.get(n % endpoints.size());
            String path = e.path().apply(c);
            long start = System.nanoTime();
            HttpResponse<String> answer = get(path);
            long micros = (System.nanoTime() - start) / 1_000;
            mine.micros
                    .computeIfAbsent(e.name(), k -> new Histogram(60_000_000L, 3))
                    .recordValue(Math.min(micros, 60_000_000L));
            if (answer.statusCode() != 200) {
                mine.failures.merge(e.name(), 1L, Long::sum);
            } else if (e.name().equals("deep keyset page")) {
                follow(c, answer.body());
            }
        }
        return mine;
    }

    /** Moves the client's chain to the page after this one (back to the first after 200). */
    private static void follow(Client c, String body) throws Exception {
        JsonNode next = Json.mapper().readTree(body).get("next");
        boolean more = next != null && !next.isNull() && ++c.depth < 200;
        c.next = more ? next.asText() : null;
        c.depth = more ? c.depth : 0;
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
