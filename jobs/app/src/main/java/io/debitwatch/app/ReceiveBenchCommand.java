package io.debitwatch.app;

import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.embeddedkafka.LoopbackCertificates;
import io.debitwatch.embeddedkafka.TlsStores;
import io.debitwatch.receiver.NotificationReceiver;
import io.debitwatch.receiver.ReceiverSettings;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch bench-receive}: a measurement, not a test. Starts the in-process Kafka broker
 * and the notification receiver on 127.0.0.1 (no rate limit), sends WeChat Pay and Alipay
 * notifications of realistic size from concurrent clients, each waiting for its answer (which comes
 * after Kafka's {@code acks=all}), and prints requests per second and the latency percentiles as a
 * client sees them, with the machine's load average.
 */
@Command(
        name = "bench-receive",
        mixinStandardHelpOptions = true,
        description =
                "Measure the notification receiver on an in-process Kafka broker: requests/s and"
                        + " p50/p99 latency of concurrent clients, each waiting for its answer.")
final class ReceiveBenchCommand implements Callable<Integer> {

    private static final String WECHAT = "wechat-notifications";
    private static final String ALIPAY = "alipay-notifications";

    @Option(names = "--requests", description = "Measured requests (default: ${DEFAULT-VALUE}).")
    int requests = 20_000;

    @Option(
            names = "--warmup",
            description =
                    "Requests before the measurement, not counted (default: ${DEFAULT-VALUE}).")
    int warmup = 3_000;

    @Option(
            names = "--clients",
            description =
                    "Concurrent clients, each with one request at a time (default: ${DEFAULT-VALUE}).")
    int clients = 32;

    @Option(
            names = "--tls",
            description = "Serve HTTPS with a certificate generated for the run (keytool).")
    boolean tls;

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || clients < 1 || warmup < 0) {
            throw new IllegalArgumentException("--requests and --clients must be positive");
        }
        Path tmp = Files.createTempDirectory("debitwatch-bench-receive-");
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().topic(WECHAT, 4).topic(ALIPAY, 4).build().start()) {
            ReceiverSettings.Builder settings =
                    ReceiverSettings.builder()
                            .bootstrapServers(kafka.bootstrapServers())
                            .rateLimit(0, 0);
            HttpClient.Builder client =
                    HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(10));
            if (tls) {
                TlsStores stores = LoopbackCertificates.generate(tmp, "bench-only");
                settings.tls(writePem(stores, tmp, true), writePem(stores, tmp, false));
                client.sslContext(trusting(stores));
            }
            try (NotificationReceiver receiver = NotificationReceiver.start(settings.build())) {
                return measure(receiver, client.build());
            }
        } finally {
            WorkDirs.deleteQuietly(tmp);
        }
    }

    private int measure(NotificationReceiver receiver, HttpClient client) throws Exception {
        Bodies bodies = new Bodies();
        run(receiver.url(), client, bodies, warmup);
        double loadBefore = loadAverage();
        long start = System.nanoTime();
        Result result = run(receiver.url(), client, bodies, requests);
        double seconds = (System.nanoTime() - start) / 1e9;
        double loadAfter = loadAverage();
        System.out.printf(
                Locale.ROOT,
                "bench-receive: %,d requests (half WeChat Pay ~%,d B, half Alipay ~%,d B) by %d"
                        + " clients over %s, in-process broker, acks=all%n",
                requests,
                bodies.wechat.length(),
                bodies.alipay.length(),
                clients,
                tls ? "HTTPS" : "HTTP");
        System.out.printf(
                Locale.ROOT,
                "  %,.0f requests/s   latency %s   not received: %d%n",
                requests / seconds,
                LatencyFigures.summary(result.micros),
                result.notReceived);
        System.out.printf(
                Locale.ROOT,
                "  machine: %d cores, load average %.2f before and %.2f after the run%n",
                Runtime.getRuntime().availableProcessors(),
                loadBefore,
                loadAfter);
        return result.notReceived == 0 ? 0 : 1;
    }

    private record Result(Histogram micros, long notReceived) {}

    /** {@code total} requests by {@link #clients} threads; latency per request in µs. */
    private Result run(String base, HttpClient client, Bodies bodies, int total) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Result>> parts = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                parts.add(pool.submit(() -> client(base, client, bodies, next, total)));
            }
            Histogram all = new Histogram(60_000_000L, 3);
            long notReceived = 0;
            for (Future<Result> f : parts) {
                all.add(f.get().micros);
                notReceived += f.get().notReceived;
            }
            return new Result(all, notReceived);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result client(
            String base, HttpClient client, Bodies bodies, AtomicInteger next, int total)
            throws Exception {
        Histogram micros = new Histogram(60_000_000L, 3);
        long notReceived = 0;
        for (int n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
            boolean wechat = n % 2 == 0;
            HttpRequest request = wechat ? bodies.wechat(base) : bodies.alipay(base);
            long t0 = System.nanoTime();
            HttpResponse<String> answer =
                    client.send(request, HttpResponse.BodyHandlers.ofString());
            micros.recordValue(Math.min((System.nanoTime() - t0) / 1000, 60_000_000L));
            boolean received =
                    wechat
                            ? answer.statusCode() == 204
                            : answer.statusCode() == 200 && answer.body().equals("success");
            if (!received) {
                notReceived++;
            }
        }
        return new Result(micros, notReceived);
    }

    /** Notifications of the providers' usual sizes; the receiver verifies nothing. */
    private static final class Bodies {
        final String wechat;
        final String alipay;
        final String signature;

        Bodies() {
            SecureRandom random = new SecureRandom();
            byte[] cipher = new byte[560];
            random.nextBytes(cipher);
            byte[] sig = new byte[256];
            random.nextBytes(sig);
            signature = Base64.getEncoder().encodeToString(sig);
            wechat =
                    "{\"id\":\"EV-2018022511223320873\",\"create_time\":\"2026-12-02T10:00:00+08:00\","
                            + "\"resource_type\":\"encrypt-resource\",\"event_type\":\"TRANSACTION.SUCCESS\","
                            + "\"summary\":\"支付成功\",\"resource\":{\"original_type\":\"transaction\","
                            + "\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\""
                            + Base64.getEncoder().encodeToString(cipher)
                            + "\",\"associated_data\":\"transaction\",\"nonce\":\"fdasflkja484w\"}}";
            alipay =
                    "gmt_create=2026-12-02+10%3A04%3A51&charset=utf-8&seller_id=2088123456789012"
                            + "&notify_time=2026-12-02+10%3A05%3A01&subject=%E6%8B%BF%E9%93%81"
                            + "&sign_type=RSA2&buyer_id=2088102146225135&version=1.0"
                            + "&notify_id=2026120200222100501012345678&notify_type=trade_status_sync"
                            + "&out_trade_no=DW20261202100100000012&total_amount=26.00"
                            + "&trade_status=TRADE_SUCCESS&trade_no=2026120222001400000000000002"
                            + "&auth_app_id=2021000000000000&buyer_pay_amount=26.00"
                            + "&app_id=2021000000000000&gmt_payment=2026-12-02+10%3A04%3A58&sign="
                            + java.net.URLEncoder.encode(signature, StandardCharsets.UTF_8);
        }

        HttpRequest wechat(String base) {
            return HttpRequest.newBuilder(URI.create(base + "/notify/wechat/1900000100"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Wechatpay-Serial", "PUB_KEY_ID_0114232134912410000000000001")
                    .header("Wechatpay-Signature", signature)
                    .header("Wechatpay-Timestamp", "1795654909")
                    .header("Wechatpay-Nonce", "fdasflkja484w")
                    .POST(HttpRequest.BodyPublishers.ofString(wechat))
                    .build();
        }

        HttpRequest alipay(String base) {
            return HttpRequest.newBuilder(URI.create(base + "/notify/alipay"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(alipay))
                    .build();
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The generated key store's certificate chain or key, as the PEM file the receiver reads. */
    private static Path writePem(TlsStores stores, Path dir, boolean certificate) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(stores.keystore())) {
            ks.load(in, stores.keystorePassword().toCharArray());
        }
        StringBuilder pem = new StringBuilder();
        if (certificate) {
            for (Certificate c : ks.getCertificateChain("broker")) {
                pem.append(pem("CERTIFICATE", c.getEncoded()));
            }
        } else {
            byte[] key = ks.getKey("broker", stores.keystorePassword().toCharArray()).getEncoded();
            pem.append(pem("PRIVATE KEY", key));
        }
        Path file = dir.resolve(certificate ? "tls.crt" : "tls.key");
        Files.writeString(file, pem);
        return file;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN "
                + label
                + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END "
                + label
                + "-----\n";
    }

    private static SSLContext trusting(TlsStores stores) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(stores.truststore())) {
            trust.load(in, stores.truststorePassword().toCharArray());
        }
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
