package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.Ids;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.StreamingJob;
import io.debitwatch.job.kafka.KafkaTestSupport.ExactlyOnceOutputs;
import io.debitwatch.job.kafka.KafkaTestSupport.Expected;
import io.debitwatch.job.kafka.KafkaTestSupport.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job against the wall clock (SPEC §4a rules 5 and 10, issue 9 findings 1 and 13): an
 * event dated far ahead of the clock is a dead letter and cannot stop or jump the clock, and when
 * every input partition is quiet, deadlines that have passed on the wall clock are decided without
 * any new record, also right after a restart on drained inputs. Short idleness (2 s) and quiet
 * allowance (2 s) keep the waits short.
 */
class WallClockITCase {

    private static final Duration IDLENESS = Duration.ofSeconds(2);
    private static final Duration QUIET_ALLOWANCE = Duration.ofSeconds(2);
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
    private static final Duration SETTLE_WINDOW = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String MERCHANT = "1900000109";
    private static final long AMOUNT = 2500;

    @RegisterExtension static final MiniClusterExtension CLUSTER = KafkaTestSupport.miniCluster();

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.builder().build().start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Configuration conf(Topics t, Path checkpoints) {
        Configuration conf =
                KafkaTestSupport.jobConf(
                        kafka, t, OUT_OF_ORDERNESS, Duration.ofSeconds(1), checkpoints);
        conf.set(DebitwatchOptions.IDLENESS, IDLENESS);
        conf.set(DebitwatchOptions.QUIET_ALLOWANCE, QUIET_ALLOWANCE);
        conf.set(DebitwatchOptions.SETTLE_WINDOW, SETTLE_WINDOW);
        return conf;
    }

    @Test
    @Timeout(180)
    void aFarFutureEventIsADeadLetterAndDecidesNoOrderEarly(@TempDir Path checkpoints)
            throws Exception {
        Topics t = Topics.fresh().createOn(kafka);
        // Orders that start a little ahead of the clock (well within max-clock-skew), so that the
        // sale's SUCCESS, sent once the far-future events have been read, is still on time.
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(30);
        Instant deadline = base.plus(SETTLE_WINDOW);
        String sale = "DW-SALE-" + t.run();
        String failed = "DW-FAILED-" + t.run();

        JobClient job =
                StreamingJob.start(
                        StreamExecutionEnvironment.getExecutionEnvironment(), conf(t, checkpoints));
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
                ExactlyOnceOutputs committed = new ExactlyOnceOutputs(kafka, t, true);
                KafkaConsumer<byte[], byte[]> deadLetters =
                        KafkaTestSupport.consumer(kafka, false, t.deadLetters())) {
            KafkaTestSupport.produce(
                    producer,
                    t.terminal(),
                    List.of(
                            terminal(sale, base, "PAY_REQUEST", null),
                            terminal(failed, base, "PAY_REQUEST", null),
                            terminal(failed, base.plusSeconds(2), "PAY_RESULT", "FAILED")),
                    true);
            KafkaTestSupport.produce(
                    producer,
                    t.provider(),
                    List.of(debit(sale, base.plusSeconds(1)), debit(failed, base.plusSeconds(3))),
                    false);
            // Well-formed events on one partition each, dated 2099 and an hour ahead; the other
            // partitions go idle, as in finding 1.
            Instant in2099 = Instant.parse("2099-01-01T00:00:00Z");
            Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
            send(producer, t.provider(), debit("DW-FUTURE-1", in2099));
            send(producer, t.terminal(), terminal("DW-FUTURE-2", inAnHour, "PAY_REQUEST", null));

            List<DeadLetter> dead = awaitDeadLetters(deadLetters, 2);
            assertThat(dead)
                    .extracting(DeadLetter::reason)
                    .allMatch(r -> r.contains(" ahead of the clock (max-clock-skew 5 min)"))
                    .anyMatch(r -> r.startsWith("event_time 2099-01-01T00:00:00Z is "));
            assertThat(dead).extracting(DeadLetter::partition).containsOnly(0);

            // The sale's SUCCESS arrives in time, after the far-future events were read: had they
            // moved the watermark, the sale would have been refunded already.
            assertThat(Instant.now()).isBefore(base.plusSeconds(10));
            KafkaTestSupport.produce(
                    producer,
                    t.terminal(),
                    List.of(terminal(sale, base.plusSeconds(10), "PAY_RESULT", "SUCCESS")),
                    true);

            // Timers keep firing: the failed order is decided at its deadline, by the wall clock
            // once every partition is quiet; the sale never is.
            OrderKey failedKey = new OrderKey(Provider.WECHAT, MERCHANT, failed);
            String alertId = Ids.alertId(AlertType.UNMATCHED_DEBIT, failedKey);
            Expected expected =
                    new Expected(
                            Map.of(alertId, "UNMATCHED_DEBIT REFUND " + AMOUNT + " " + deadline),
                            Map.of(alertId, Ids.refundRequestId(failedKey, txn(failed))));
            committed.awaitAll(expected, WAIT);
            committed.assertExactly(expected);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            KafkaTestSupport.cancelAndAwait(job);
        }
    }

    @Test
    @Timeout(180)
    void deadlinesPassedOnTheWallClockAreDecidedWhileEveryInputIsQuiet(@TempDir Path checkpoints)
            throws Exception {
        Topics t = Topics.fresh().createOn(kafka);
        // Due already: its deadline passed on the wall clock a minute and a half ago.
        Instant past = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(2));
        String due = "DW-DUE-" + t.run();
        // Not due for minutes: it must stay undecided.
        Instant recent = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(2));
        String notYet = "DW-NOT-YET-" + t.run();

        JobClient job =
                StreamingJob.start(
                        StreamExecutionEnvironment.getExecutionEnvironment(), conf(t, checkpoints));
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
                ExactlyOnceOutputs committed = new ExactlyOnceOutputs(kafka, t, true)) {
            produceFailedButDebited(producer, t, due, past);
            produceFailedButDebited(producer, t, notYet, recent);
            long produced = System.nanoTime();

            Expected expected = refundAtDeadline(due, past);
            committed.awaitAll(expected, WAIT);
            committed.assertExactly(expected);
            // Within idleness + quiet allowance + a few seconds (checkpoint, job start).
            assertThat(Duration.ofNanos(System.nanoTime() - produced))
                    .isLessThan(Duration.ofSeconds(45));
        } finally {
            KafkaTestSupport.cancelAndAwait(job);
        }
    }

    @Test
    @Timeout(180)
    void aRestartOnDrainedInputsDecidesWhatIsDueWithoutNewRecords(
            @TempDir Path checkpoints, @TempDir Path savepoints) throws Exception {
        Topics t = Topics.fresh().createOn(kafka);
        // Its deadline, 20 s from now, passes on the wall clock after the first job has stopped.
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String order = "DW-RESTART-" + t.run();
        Configuration conf = conf(t, checkpoints);

        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
                ExactlyOnceOutputs committed = new ExactlyOnceOutputs(kafka, t, true);
                KafkaConsumer<byte[], byte[]> notifications =
                        KafkaTestSupport.consumer(kafka, false, t.notifications())) {
            JobClient first =
                    StreamingJob.start(StreamExecutionEnvironment.getExecutionEnvironment(), conf);
            String savepoint;
            try {
                produceFailedButDebited(producer, t, order, start);
                // The early warning leaves once both facts are in the job's state.
                awaitRecords(notifications, 1);
                savepoint = stopWithSavepoint(first, savepoints);
            } catch (Throwable e) {
                // Never leave the job holding the cluster's slots for the next test.
                KafkaTestSupport.cancelAndAwait(first);
                throw e;
            }
            committed.poll();
            assertThat(committed.alerts).isEmpty();

            Configuration restored = new Configuration(conf);
            restored.setString("execution.state-recovery.path", savepoint);
            JobClient second =
                    StreamingJob.start(
                            StreamExecutionEnvironment.getExecutionEnvironment(restored), restored);
            try {
                Expected expected = refundAtDeadline(order, start);
                committed.awaitAll(expected, WAIT);
                committed.assertExactly(expected);
            } finally {
                KafkaTestSupport.cancelAndAwait(second);
            }
        }
    }

    /**
     * Finding 5 (SPEC §4a.4): the provider's first notification was lost and its retry, whose event
     * time is before the deadline, arrives after the watermark has passed that deadline. Its refund
     * must follow within seconds, decided at the deadline, not at the horizon 25 h later.
     */
    @Test
    @Timeout(180)
    void aDebitWhoseRetryArrivesAfterTheDeadlineIsRefundedWithinSeconds(@TempDir Path checkpoints)
            throws Exception {
        Topics t = Topics.fresh().createOn(kafka);
        Instant past = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(2));
        String marker = "DW-MARKER-" + t.run();
        String retried = "DW-RETRIED-" + t.run();

        JobClient job =
                StreamingJob.start(
                        StreamExecutionEnvironment.getExecutionEnvironment(), conf(t, checkpoints));
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
                ExactlyOnceOutputs committed = new ExactlyOnceOutputs(kafka, t, true)) {
            // The marker's refund shows that event time has passed both orders' deadline.
            produceFailedButDebited(producer, t, marker, past);
            KafkaTestSupport.produce(
                    producer,
                    t.terminal(),
                    List.of(
                            terminal(retried, past, "PAY_REQUEST", null),
                            terminal(retried, past.plusSeconds(2), "PAY_RESULT", "FAILED")),
                    true);
            Expected markerOnly = refundAtDeadline(marker, past);
            committed.awaitAll(markerOnly, WAIT);
            committed.assertExactly(markerOnly);

            // The retry: event time 3 s after T0, well before D; it arrives now, after D.
            KafkaTestSupport.produce(
                    producer, t.provider(), List.of(debit(retried, past.plusSeconds(3))), false);
            long arrived = System.nanoTime();

            Expected late = refundAtDeadline(retried, past);
            Map<String, String> alerts = new java.util.HashMap<>(markerOnly.alerts());
            alerts.putAll(late.alerts());
            Map<String, String> refunds = new java.util.HashMap<>(markerOnly.refundsByAlertId());
            refunds.putAll(late.refundsByAlertId());
            Expected both = new Expected(alerts, refunds);
            committed.awaitAll(both, WAIT);
            committed.assertExactly(both);
            assertThat(Duration.ofNanos(System.nanoTime() - arrived))
                    .isLessThan(Duration.ofSeconds(30));
        } finally {
            KafkaTestSupport.cancelAndAwait(job);
        }
    }

    /**
     * Stops the job with a savepoint once every task runs: the early warning can leave before the
     * exactly-once sinks' writers have finished starting, and a savepoint needs them all.
     */
    private static String stopWithSavepoint(JobClient job, Path savepoints) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return job.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();
            } catch (java.util.concurrent.ExecutionException e) {
                boolean starting =
                        org.apache.flink.util.ExceptionUtils.findThrowableWithMessage(
                                        e, "Not all required tasks are currently running")
                                .isPresent();
                if (!starting || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static Expected refundAtDeadline(String order, Instant t0) {
        OrderKey key = new OrderKey(Provider.WECHAT, MERCHANT, order);
        String alertId = Ids.alertId(AlertType.UNMATCHED_DEBIT, key);
        return new Expected(
                Map.of(alertId, "UNMATCHED_DEBIT REFUND " + AMOUNT + " " + t0.plus(SETTLE_WINDOW)),
                Map.of(alertId, Ids.refundRequestId(key, txn(order))));
    }

    private static void produceFailedButDebited(
            KafkaProducer<byte[], byte[]> producer, Topics t, String order, Instant t0)
            throws Exception {
        KafkaTestSupport.produce(
                producer,
                t.terminal(),
                List.of(
                        terminal(order, t0, "PAY_REQUEST", null),
                        terminal(order, t0.plusSeconds(2), "PAY_RESULT", "FAILED")),
                true);
        KafkaTestSupport.produce(
                producer, t.provider(), List.of(debit(order, t0.plusSeconds(3))), false);
    }

    private static String terminal(String order, Instant at, String type, String result) {
        return "{\"event_id\":\"te-"
                + order
                + "-"
                + type
                + "\",\"event_time\":\""
                + at
                + "\",\"provider\":\"WECHAT\",\"merchant_id\":\""
                + MERCHANT
                + "\",\"terminal_id\":\"POS-1\",\"out_trade_no\":\""
                + order
                + "\",\"type\":\""
                + type
                + "\","
                + (result == null ? "" : "\"result\":\"" + result + "\",")
                + "\"amount_minor\":"
                + AMOUNT
                + ",\"currency\":\"CNY\"}";
    }

    private static String debit(String order, Instant at) {
        return "{\"event_id\":\"pe-"
                + order
                + "\",\"event_time\":\""
                + at
                + "\",\"provider\":\"WECHAT\",\"merchant_id\":\""
                + MERCHANT
                + "\",\"out_trade_no\":\""
                + order
                + "\",\"source\":\"NOTIFY\",\"status\":\"DEBITED\",\"amount_minor\":"
                + AMOUNT
                + ",\"currency\":\"CNY\",\"provider_txn_id\":\""
                + txn(order)
                + "\"}";
    }

    private static String txn(String order) {
        return "4200" + Integer.toUnsignedString(order.hashCode());
    }

    /** To partition 0, whatever the key. */
    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String json)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, 0, null, json.getBytes(StandardCharsets.UTF_8)))
                .get();
    }

    private static List<DeadLetter> awaitDeadLetters(
            KafkaConsumer<byte[], byte[]> consumer, int n) {
        List<DeadLetter> dead = new ArrayList<>();
        for (String json : awaitRecords(consumer, n)) {
            dead.add(Json.read(json, DeadLetter.class));
        }
        return dead;
    }

    private static List<String> awaitRecords(KafkaConsumer<byte[], byte[]> consumer, int n) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (values.size() < n) {
            assertThat(System.nanoTime())
                    .as("%s records before the timeout", n)
                    .isLessThan(deadline);
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                values.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
