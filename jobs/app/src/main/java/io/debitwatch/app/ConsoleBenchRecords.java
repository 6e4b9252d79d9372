package io.debitwatch.app;

import io.debitwatch.console.OutputTopics;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Evidence;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.RefundRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The output records {@code bench-console} ingests, as the job writes them: the core model classes
 * through the project's JSON mapper, on a transactional producer, keyed by order. Per order one
 * alert with 2–6 evidence events, a refund request for 70% of them and 2 or 3 notifications (about
 * 1 alert : 0.7 refund : 2.5 notifications).
 */
final class ConsoleBenchRecords {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final int PER_TRANSACTION = 1_000;
    private static final AlertType[] TYPES = {
        AlertType.UNMATCHED_DEBIT,
        AlertType.UNMATCHED_DEBIT,
        AlertType.UNMATCHED_DEBIT,
        AlertType.AMOUNT_MISMATCH,
        AlertType.STUCK_PAYMENT,
        AlertType.SALE_WITHOUT_DEBIT,
        AlertType.CONFLICT
    };

    private final OutputTopics topics;
    private final SplittableRandom random = new SplittableRandom(20261202L);

    ConsoleBenchRecords(OutputTopics topics) {
        this.topics = topics;
    }

    /** Produces at least {@code records} records; returns how many were produced. */
    long produce(String bootstrapServers, long records) {
        long sent = 0;
        int inTransaction = 0;
        try (KafkaProducer<String, String> producer = producer(bootstrapServers)) {
            producer.beginTransaction();
            for (int order = 0; sent < records; order++) {
                for (ProducerRecord<String, String> r : order(order)) {
                    producer.send(r);
                    sent++;
                    if (++inTransaction == PER_TRANSACTION) {
                        producer.commitTransaction();
                        producer.beginTransaction();
                        inTransaction = 0;
                    }
                }
            }
            producer.commitTransaction();
        }
        return sent;
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "debitwatch-bench-console");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaProducer<String, String> producer = new KafkaProducer<>(p);
        producer.initTransactions();
        return producer;
    }

    /** The records of order {@code i}: its alert, maybe a refund request, its notifications. */
    List<ProducerRecord<String, String>> order(int i) {
        Alert alert = alert(i);
        String key = alert.outTradeNo();
        List<ProducerRecord<String, String>> out = new ArrayList<>();
        out.add(new ProducerRecord<>(topics.alerts(), key, Json.write(alert)));
        if (random.nextInt(10) < 7) {
            out.add(new ProducerRecord<>(topics.refundRequests(), key, Json.write(refund(alert))));
        }
        int notifications = random.nextBoolean() ? 2 : 3;
        for (int n = 0; n < notifications; n++) {
            out.add(
                    new ProducerRecord<>(
                            topics.notifications(), key, Json.write(notification(alert, n))));
        }
        return out;
    }

    private Alert alert(int i) {
        AlertType type = TYPES[random.nextInt(TYPES.length)];
        Provider provider = i % 3 == 0 ? Provider.ALIPAY : Provider.WECHAT;
        String order = String.format("BENCH%012d", i);
        Instant decided = T0.plusSeconds(6L * i);
        long amount = 100 + random.nextInt(500_000);
        return new Alert(
                type.name() + "-" + order,
                type,
                type == AlertType.UNMATCHED_DEBIT ? Action.REFUND : Action.REVIEW,
                provider,
                String.format("1900%04d", random.nextInt(200)),
                order,
                amount,
                "CNY",
                "FAILED",
                decided,
                decided.plusMillis(300),
                null,
                null,
                null,
                evidence(order, decided, amount, 2 + random.nextInt(5)));
    }

    private static List<Evidence> evidence(String order, Instant decided, long amount, int n) {
        List<Evidence> events = new ArrayList<>(n);
        for (int e = 0; e < n; e++) {
            boolean terminal = e % 2 == 0;
            events.add(
                    new Evidence(
                            order + "-e" + e,
                            terminal ? Evidence.Stream.TERMINAL : Evidence.Stream.PROVIDER,
                            terminal ? "PAY_RESULT" : "QUERY",
                            terminal ? "FAILED" : "DEBITED",
                            decided.minusSeconds(60L - e),
                            amount,
                            "CNY",
                            terminal ? null : "4200002026" + order,
                            null,
                            null));
        }
        return events;
    }

    private static RefundRequest refund(Alert a) {
        return new RefundRequest(
                "dwr-" + a.outTradeNo(),
                a.alertId(),
                a.provider(),
                a.merchantId(),
                a.outTradeNo(),
                "4200002026" + a.outTradeNo(),
                a.amountMinor(),
                a.currency(),
                "customer debited but terminal verdict was FAILED");
    }

    private static Notification notification(Alert a, int n) {
        Notification.Channel channel =
                n == 1 ? Notification.Channel.MERCHANT : Notification.Channel.OPS;
        return new Notification(
                "n" + n + "-" + a.alertId(),
                channel,
                a.type().name(),
                a.provider(),
                a.merchantId(),
                a.outTradeNo(),
                Notification.Severity.CRITICAL,
                a.alertId(),
                a.amountMinor(),
                a.currency(),
                a.decidedAt(),
                a.emittedAt().plusMillis(n),
                new Notification.Text(
                        "订单 " + a.outTradeNo() + " 实际已支付成功,将自动退款",
                        "Order " + a.outTradeNo() + " was in fact paid; it will be refunded"));
    }
}
