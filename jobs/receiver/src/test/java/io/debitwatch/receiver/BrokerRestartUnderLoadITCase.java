package io.debitwatch.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue 12): under a load of concurrent notifications, the broker is stopped and
 * restarted at the same address on the same data. Nothing answered as received may be missing from
 * the topics, and what was sent while the broker was down must have been answered "send again".
 */
class BrokerRestartUnderLoadITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 1200;
    private static final int CLIENTS = 16;
    private static final String WECHAT = "wechat-notifications";
    private static final String ALIPAY = "alipay-notifications";

    /** One request's fate; nanos from System.nanoTime. */
    record Sent(
            String id,
            Provider provider,
            String body,
            int status,
            String answer,
            long start,
            long end) {

        boolean received() {
            return provider == Provider.WECHAT
                    ? status == 204
                    : status == 200 && answer.equals("success");
        }
    }

    @Test
    void everyNotificationAnsweredAsReceivedIsInKafkaAndTheOutageIsAnsweredSendAgain(
            @TempDir Path data) throws Exception {
        int port = ReceiverTesting.freePort();
        EmbeddedKafka broker = broker(port, data).start();
        HttpClient client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        List<Sent> sent;
        long down;
        long up;
        try (NotificationReceiver receiver =
                NotificationReceiver.start(
                        ReceiverSettings.builder()
                                .bootstrapServers(broker.bootstrapServers())
                                .rateLimit(0, 0)
                                .sendTimeout(Duration.ofSeconds(2))
                                .build())) {
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<Sent>> futures = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                futures.add(
                        clients.submit(
                                () -> {
                                    Sent s = send(client, receiver.url(), n);
                                    if (!s.received()) {
                                        failed.incrementAndGet();
                                    }
                                    answered.incrementAndGet();
                                    return s;
                                }));
            }
            await(() -> answered.get() >= REQUESTS / 4, "a quarter of the load answered");
            broker.close();
            down = System.nanoTime();
            // Down until the outage has been felt: 2 s of send timeouts for 16 clients.
            await(() -> failed.get() >= 2 * CLIENTS, "failures while the broker is down");
            up = System.nanoTime();
            broker = broker(port, data).start();
            sent = new ArrayList<>();
            for (Future<Sent> f : futures) {
                sent.add(f.get());
            }
            clients.shutdown();
        }
        Map<String, List<JsonNode>> inKafka = new HashMap<>();
        try {
            for (String topic : List.of(WECHAT, ALIPAY)) {
                for (ConsumerRecord<byte[], byte[]> r :
                        ReceiverTesting.readAll(broker.bootstrapServers(), topic)) {
                    JsonNode record = JSON.readTree(r.value());
                    inKafka.computeIfAbsent(idOf(record), k -> new ArrayList<>()).add(record);
                }
            }
        } finally {
            broker.close();
        }

        List<Sent> received = sent.stream().filter(Sent::received).toList();
        List<Sent> refused = sent.stream().filter(s -> !s.received()).toList();
        List<Sent> duringOutage =
                sent.stream().filter(s -> s.start() > down && s.end() < up).toList();
        System.out.printf(
                "load of %d requests by %d clients, broker down for %d ms: %d answered as"
                        + " received, %d asked to send again (%d sent and answered entirely"
                        + " during the outage); %d distinct ids in Kafka, %d written more than"
                        + " once%n",
                REQUESTS,
                CLIENTS,
                (up - down) / 1_000_000,
                received.size(),
                refused.size(),
                duringOutage.size(),
                inKafka.size(),
                inKafka.values().stream().filter(r -> r.size() > 1).count());

        // Every notification answered as received is in Kafka, as it was sent.
        for (Sent s : received) {
            assertThat(inKafka).as("answered as received: %s", s.id()).containsKey(s.id());
            JsonNode record = inKafka.get(s.id()).get(0);
            assertThat(record.get("body").asText()).isEqualTo(s.body());
            assertThat(record.get("provider").asText()).isEqualTo(s.provider().recordName());
        }
        // Nothing in Kafka that was not sent; a refused one may be there too (written after its
        // timeout), which the provider's retry duplicates and the job dedupes.
        assertThat(sent.stream().map(Sent::id).toList()).containsAll(inKafka.keySet());
        // The outage was answered "send again", never "received"; every answer is one or the other.
        assertThat(duringOutage).isNotEmpty().noneMatch(Sent::received);
        assertThat(refused).isNotEmpty().allMatch(s -> s.status() == 503);
        // And the receiver recovered with the broker.
        assertThat(received).anyMatch(s -> s.start() > up);
        assertThat(received.size() + refused.size()).isEqualTo(REQUESTS);
    }

    private static EmbeddedKafka broker(int port, Path data) {
        return EmbeddedKafka.builder()
                .port(port)
                .dataDir(data)
                .topic(WECHAT, 2)
                .topic(ALIPAY, 2)
                .build();
    }

    private static Sent send(HttpClient client, String base, int n) {
        String id = String.format("load-%05d", n);
        Provider provider = n % 2 == 0 ? Provider.WECHAT : Provider.ALIPAY;
        String body =
                provider == Provider.WECHAT
                        ? "{\"id\":\"" + id + "\",\"event_type\":\"TRANSACTION.SUCCESS\"}"
                        : "notify_id=" + id + "&trade_status=TRADE_SUCCESS&subject=%E6%B5%8B";
        long start = System.nanoTime();
        HttpResponse<String> answer =
                ReceiverTesting.post(
                        client,
                        base + "/notify/" + provider.pathSegment(),
                        body,
                        "Wechatpay-Nonce",
                        id);
        return new Sent(
                id, provider, body, answer.statusCode(), answer.body(), start, System.nanoTime());
    }

    private static String idOf(JsonNode record) {
        String body = record.get("body").asText();
        int at = body.indexOf("load-");
        return body.substring(at, at + "load-00000".length());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
