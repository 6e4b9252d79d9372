package io.debitwatch.job.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.detect.Decision;
import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.detect.Ids;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.job.TestClusters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole replay on a MiniCluster (parallelism 2, RocksDB) over the bundled sample of stories,
 * which has a story for every row of SPEC §4: its outputs equal the hand-written expectations and
 * the detection core's own answer, and shuffling the input lines changes nothing.
 */
class ReplayITCase {

    private static Configuration flinkConf() {
        return TestClusters.loopbackConf();
    }

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster();

    @TempDir static Path dir;
    private static Path terminal;
    private static Path provider;

    @BeforeAll
    static void copySample() throws IOException {
        terminal = copy("sample/terminal-events.ndjson");
        provider = copy("sample/provider-events.ndjson");
    }

    @Test
    void replayOfTheSampleMatchesTheExpectedStories() throws Exception {
        Path out = dir.resolve("out-sorted");
        Replay.Summary summary =
                Replay.run(
                        terminal,
                        provider,
                        out,
                        DetectorConfig.defaults(),
                        AsOf.horizon(),
                        flinkConf());

        List<Alert> alerts = read(out.resolve(ReplayIO.ALERTS_FILE), Alert.class);
        List<Notification> notes =
                read(out.resolve(ReplayIO.NOTIFICATIONS_FILE), Notification.class);
        List<RefundRequest> refunds = read(out.resolve(ReplayIO.REFUNDS_FILE), RefundRequest.class);

        // Hand-written expectations: every alert type and the early warnings, each at its time.
        Set<String> expected = new TreeSet<>();
        for (String line : resourceLines("sample/expected.ndjson")) {
            JsonNode e = Json.mapper().readTree(line);
            expected.add(
                    e.get("out_trade_no").asText()
                            + " "
                            + e.get("type").asText()
                            + " "
                            + e.get("action").asText()
                            + " "
                            + e.get("amount_minor").asLong()
                            + " "
                            + Instant.parse(e.get("decided_at").asText()));
        }
        Set<String> actual = new TreeSet<>();
        for (Alert a : alerts) {
            actual.add(
                    a.outTradeNo()
                            + " "
                            + a.type()
                            + " "
                            + a.action()
                            + " "
                            + a.amountMinor()
                            + " "
                            + a.decidedAt());
        }
        for (Notification n : notes) {
            if (n.kind().equals("EARLY_WARNING")) {
                actual.add(
                        n.outTradeNo()
                                + " EARLY_WARNING null "
                                + n.amountMinor()
                                + " "
                                + n.decidedAt());
            }
        }
        assertThat(actual).containsExactlyElementsOf(expected);

        // Every row of the detection table is exercised by the sample.
        assertThat(alerts.stream().map(Alert::type).collect(Collectors.toSet()))
                .isEqualTo(EnumSet.allOf(AlertType.class));

        // One refund per REFUND alert, with the deterministic refund number of its debit.
        List<Alert> refundAlerts =
                alerts.stream().filter(a -> a.action().name().equals("REFUND")).toList();
        assertThat(refunds).hasSameSizeAs(refundAlerts);
        for (RefundRequest r : refunds) {
            assertThat(r.refundRequestId())
                    .isEqualTo(
                            Ids.refundRequestId(
                                    new OrderKey(r.provider(), r.merchantId(), r.outTradeNo()),
                                    r.providerTxnId()))
                    .matches("[A-Za-z0-9_-]{1,64}");
        }

        // Notifications: OPS for every alert, MERCHANT for early warnings, UNMATCHED_DEBIT and
        // SALE_WITHOUT_DEBIT.
        long merchantKinds =
                alerts.stream()
                                .filter(
                                        a ->
                                                a.type() == AlertType.UNMATCHED_DEBIT
                                                        || a.type() == AlertType.SALE_WITHOUT_DEBIT)
                                .count()
                        + summary.earlyWarnings();
        assertThat(notes.stream().filter(n -> n.channel() == Notification.Channel.OPS))
                .hasSameSizeAs(alerts);
        assertThat(notes.stream().filter(n -> n.channel() == Notification.Channel.MERCHANT))
                .hasSize((int) merchantKinds);

        // Each malformed line is exactly one dead letter with its reason and line number.
        List<DeadLetter> dead = read(out.resolve(ReplayIO.DEAD_LETTERS_FILE), DeadLetter.class);
        assertThat(dead).hasSize(6).allSatisfy(d -> assertThat(d.reason()).isNotBlank());
        assertThat(dead).allSatisfy(d -> assertThat(d.line()).isPositive());
        assertThat(summary.deadLetters()).isEqualTo(6);
        assertThat(summary.recordsRead())
                .isEqualTo(nonBlankLines(terminal) + nonBlankLines(provider));
    }

    @Test
    void replayEqualsTheDetectionCoreAndIgnoresLineOrder() throws Exception {
        Path sortedOut = dir.resolve("out-a");
        Replay.run(
                terminal,
                provider,
                sortedOut,
                DetectorConfig.defaults(),
                AsOf.horizon(),
                flinkConf());

        Path shuffledTerminal = shuffle(terminal, 11);
        Path shuffledProvider = shuffle(provider, 12);
        Path shuffledOut = dir.resolve("out-b");
        Replay.Summary shuffled =
                Replay.run(
                        shuffledTerminal,
                        shuffledProvider,
                        shuffledOut,
                        DetectorConfig.defaults(),
                        AsOf.horizon(),
                        flinkConf());
        assertThat(shuffled.maxLatenessMillis()).isPositive();
        assertThat(shuffled.lateEvents()).as("events behind the watermark").isZero();

        for (String file :
                List.of(ReplayIO.ALERTS_FILE, ReplayIO.REFUNDS_FILE, ReplayIO.NOTIFICATIONS_FILE)) {
            assertThat(canonical(shuffledOut.resolve(file)))
                    .as(file)
                    .isEqualTo(canonical(sortedOut.resolve(file)))
                    .isNotEmpty();
        }

        // The detection core, called directly per order, gives the same alerts.
        Set<String> fromCore = new TreeSet<>();
        Detector detector = new Detector(DetectorConfig.defaults());
        for (Map.Entry<OrderKey, List<Fact>> order : factsByOrder().entrySet()) {
            for (Decision d :
                    detector.decide(order.getKey().provider(), order.getValue(), Long.MAX_VALUE)) {
                if (d.finding() != Finding.EARLY_WARNING) {
                    fromCore.add(
                            Ids.alertId(d.finding().alertType(), order.getKey())
                                    + " "
                                    + d.action()
                                    + " "
                                    + d.amountMinor()
                                    + " "
                                    + Instant.ofEpochMilli(d.decidedAt()));
                }
            }
        }
        Set<String> fromJob = new TreeSet<>();
        for (Alert a : read(shuffledOut.resolve(ReplayIO.ALERTS_FILE), Alert.class)) {
            fromJob.add(
                    a.alertId() + " " + a.action() + " " + a.amountMinor() + " " + a.decidedAt());
        }
        assertThat(fromJob).isEqualTo(fromCore).hasSize(19);
    }

    private static Map<OrderKey, List<Fact>> factsByOrder() throws IOException {
        Map<OrderKey, List<Fact>> byOrder = new HashMap<>();
        for (String line : Files.readAllLines(terminal)) {
            if (EventParser.parseTerminal(line) instanceof Parsed.Ok<TerminalEvent> ok) {
                byOrder.computeIfAbsent(ok.value().orderKey(), k -> new ArrayList<>())
                        .add(Fact.of(ok.value()));
            }
        }
        for (String line : Files.readAllLines(provider)) {
            if (EventParser.parseProvider(line) instanceof Parsed.Ok<ProviderEvent> ok) {
                byOrder.computeIfAbsent(ok.value().orderKey(), k -> new ArrayList<>())
                        .add(Fact.of(ok.value()));
            }
        }
        return byOrder;
    }

    /** The file's records without the wall-clock field, sorted. */
    private static List<String> canonical(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                var node =
                        (com.fasterxml.jackson.databind.node.ObjectNode)
                                Json.mapper().readTree(line);
                node.remove("emitted_at");
                lines.add(node.toString());
            }
        }
        Collections.sort(lines);
        return lines;
    }

    private static Path shuffle(Path file, long seed) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Collections.shuffle(lines, new Random(seed));
        Path target = dir.resolve("shuffled-" + seed + "-" + file.getFileName());
        Files.write(target, lines);
        return target;
    }

    private static <T> List<T> read(Path file, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(Json.read(line, type));
            }
        }
        return out;
    }

    private static long nonBlankLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
    }

    private static List<String> resourceLines(String name) {
        try (InputStream in = ReplayITCase.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copy(String resource) throws IOException {
        Path target = dir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = ReplayITCase.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        return target;
    }

    /**
     * SPEC §4a.6: a day's input replayed alone decides only what it can know. The debit is at
     * 23:59:55 and the terminal's SUCCESS at 00:00:02 is in the next day's file.
     */
    @Test
    void aDayReplayedAloneNeverRefundsAnOrderWhoseResultIsInTheNextDay() throws Exception {
        String request =
                "{\"event_id\":\"t1\",\"event_time\":\"2026-11-25T23:59:50+08:00\","
                        + "\"provider\":\"WECHAT\",\"merchant_id\":\"1900000109\","
                        + "\"terminal_id\":\"POS-1\",\"out_trade_no\":\"DW-EOD-1\","
                        + "\"type\":\"PAY_REQUEST\",\"amount_minor\":100,\"currency\":\"CNY\"}";
        String debit =
                "{\"event_id\":\"p1\",\"event_time\":\"2026-11-25T23:59:55+08:00\","
                        + "\"provider\":\"WECHAT\",\"merchant_id\":\"1900000109\","
                        + "\"out_trade_no\":\"DW-EOD-1\",\"provider_txn_id\":\"4200000001\","
                        + "\"source\":\"NOTIFY\",\"status\":\"DEBITED\",\"amount_minor\":100,"
                        + "\"currency\":\"CNY\"}";
        String success =
                "{\"event_id\":\"t2\",\"event_time\":\"2026-11-26T00:00:02+08:00\","
                        + "\"provider\":\"WECHAT\",\"merchant_id\":\"1900000109\","
                        + "\"terminal_id\":\"POS-1\",\"out_trade_no\":\"DW-EOD-1\","
                        + "\"type\":\"PAY_RESULT\",\"result\":\"SUCCESS\",\"amount_minor\":100,"
                        + "\"currency\":\"CNY\"}";
        Path day1Terminal = Files.writeString(dir.resolve("day1-terminal.ndjson"), request + "\n");
        Path day1Provider = Files.writeString(dir.resolve("day1-provider.ndjson"), debit + "\n");
        Path bothTerminal =
                Files.writeString(
                        dir.resolve("both-terminal.ndjson"), request + "\n" + success + "\n");

        Path cut = dir.resolve("out-day1");
        Replay.Summary alone =
                Replay.run(
                        day1Terminal,
                        day1Provider,
                        cut,
                        DetectorConfig.defaults(),
                        AsOf.latest(),
                        flinkConf());
        assertThat(alone.refundRequests()).isZero();
        assertThat(alone.alerts()).isZero();
        assertThat(alone.openOrders()).isOne();
        assertThat(alone.asOfMillis())
                .isEqualTo(Instant.parse("2026-11-25T15:59:55Z").toEpochMilli());
        JsonNode open =
                Json.mapper()
                        .readTree(Files.readString(cut.resolve(ReplayIO.OPEN_ORDERS_FILE)).strip());
        assertThat(open.get("out_trade_no").asText()).isEqualTo("DW-EOD-1");
        assertThat(open.get("deadline").asText()).isEqualTo("2026-11-25T16:00:50Z");
        assertThat(open.get("events").asInt()).isEqualTo(2);
        assertThat(open.get("pending").toString()).isEqualTo("[\"UNMATCHED_DEBIT\"]");

        // The same day's files as of the horizon is exactly the mistake the rule prevents.
        Replay.Summary asIfComplete =
                Replay.run(
                        day1Terminal,
                        day1Provider,
                        dir.resolve("out-day1-horizon"),
                        DetectorConfig.defaults(),
                        AsOf.horizon(),
                        flinkConf());
        assertThat(asIfComplete.refundRequests()).isOne();

        // With the next day's result, nothing is wrong and nothing is left open.
        Replay.Summary both =
                Replay.run(
                        bothTerminal,
                        day1Provider,
                        dir.resolve("out-both"),
                        DetectorConfig.defaults(),
                        AsOf.horizon(),
                        flinkConf());
        assertThat(both.alerts()).isZero();
        assertThat(both.refundRequests()).isZero();
        assertThat(both.openOrders()).isZero();
    }
}
