package io.debitwatch.app;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.job.DebitwatchOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The refreshing progress line. */
final class DemoProgress extends Thread {
    private final PrintStream out;
    private final Scorecard score;
    private final Admin admin;
    private final String groupId;
    private final List<String> inputTopics;
    private final boolean tty = System.console() != null;
    private final long started = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    volatile SimFeed feed;
    volatile String phase = "live";
    private long lastEvents;
    volatile long peakLag;
    private long lastNanos = started;

    DemoProgress(
            PrintStream out,
            Scorecard score,
            String bootstrap,
            Configuration conf,
            List<String> inputTopics) {
        super("demo-progress");
        setDaemon(true);
        this.out = out;
        this.score = score;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(props);
        this.groupId = conf.get(DebitwatchOptions.GROUP_ID);
        this.inputTopics = inputTopics;
    }

    @Override
    public void run() {
        int tick = 0;
        while (!done.get()) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            tick++;
            if (!done.get() && (tty || tick % 5 == 0)) {
                String line = line();
                synchronized (out) {
                    if (tty) {
                        out.print("\r" + line + "\033[K");
                    } else {
                        out.println(line);
                    }
                    out.flush();
                }
            }
        }
    }

    void finish() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        interrupt();
        try {
            join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (out) {
            String line = line();
            out.print(tty ? "\r" + line + "\033[K\n" : line + "\n");
            out.flush();
        }
        admin.close(Duration.ofSeconds(5));
    }

    private String line() {
        SimFeed f = feed;
        long events = f == null ? 0 : f.terminalSent() + f.providerSent();
        long now = System.nanoTime();
        double perSecond = (events - lastEvents) / Math.max(1e-9, (now - lastNanos) / 1e9);
        lastEvents = events;
        lastNanos = now;
        Scorecard.Progress p = score.progress();
        StringBuilder byType = new StringBuilder();
        for (AlertType t : AlertType.values()) {
            if (byType.length() > 0) {
                byType.append(' ');
            }
            byType.append(ABBREVIATIONS.get(t)).append(' ').append(p.alertsByType().get(t));
        }
        String clock =
                f == null || f.eventClockMillis() == Long.MIN_VALUE
                        ? "-"
                        : java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm")
                                .withZone(java.time.ZoneOffset.UTC)
                                .format(Instant.ofEpochMilli(f.eventClockMillis()));
        return String.format(
                Locale.ROOT,
                "  %4ds %-11s clock %s | in %,d (%,.0f/s) lag %s | alerts %,d [%s] | refunds"
                        + " %,d | early warnings %,d | dead letters %,d",
                (now - started) / 1_000_000_000L,
                f != null && f.fastForward() && "live".equals(phase) ? "fast-forward" : phase,
                clock,
                events,
                perSecond,
                lag(),
                p.alerts(),
                byType,
                p.refunds(),
                p.earlyWarnings(),
                p.deadLetters());
    }

    /** Input records not yet committed by the job's consumer group (it commits at checkpoints). */
    private String lag() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var d :
                    admin.describeTopics(inputTopics)
                            .allTopicNames()
                            .get(2, TimeUnit.SECONDS)
                            .values()) {
                d.partitions()
                        .forEach(
                                p ->
                                        latest.put(
                                                new TopicPartition(d.name(), p.partition()),
                                                OffsetSpec.latest()));
            }
            var ends = admin.listOffsets(latest).all().get(2, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId)
                            .partitionsToOffsetAndMetadata()
                            .get(2, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            lag = Math.max(0, lag);
            peakLag = Math.max(peakLag, lag);
            return String.format(Locale.ROOT, "%,d", lag);
        } catch (Exception e) {
            return "?";
        }
    }

    private static final Map<AlertType, String> ABBREVIATIONS =
            Map.of(
                    AlertType.UNMATCHED_DEBIT, "UD",
                    AlertType.AMOUNT_MISMATCH, "AM",
                    AlertType.STUCK_PAYMENT, "SP",
                    AlertType.SALE_WITHOUT_DEBIT, "SWD",
                    AlertType.CONFLICT, "CF",
                    AlertType.ALERT_RESOLVED, "AR");
}
