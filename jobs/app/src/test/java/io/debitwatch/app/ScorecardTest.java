package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.sim.ExpectedAlert;
import io.debitwatch.sim.GeneratedOrder;
import io.debitwatch.sim.SimEvent;
import io.debitwatch.sim.Simulator;
import io.debitwatch.sim.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scorecard's arithmetic, on simulated orders and outputs built from their ground truth. */
class ScorecardTest {

    private List<GeneratedOrder> orders;
    private Scorecard score;

    @BeforeEach
    void expectations() {
        orders = Simulator.generate(SimulatorConfig.defaults(), 3, 3_000).toList();
        score = new Scorecard();
        orders.forEach(score::expect);
        assertThat(orders.stream().mapToLong(o -> o.expectation().alerts().size()).sum())
                .isGreaterThan(100);
    }

    /** Feeds everything the ground truth promises, as the job would write it. */
    private void deliverAll() {
        for (GeneratedOrder o : orders) {
            for (ExpectedAlert a : o.expectation().alerts()) {
                score.alert(alert(o, a, a.decidedAt().toString()), 1);
                score.notification(note(o, "OPS", a.type().name(), a.decidedAt().toString()), 1);
                if (a.type() == AlertType.UNMATCHED_DEBIT
                        || a.type() == AlertType.SALE_WITHOUT_DEBIT) {
                    score.notification(
                            note(o, "MERCHANT", a.type().name(), a.decidedAt().toString()), 1);
                }
            }
            if (o.expectation().refund() != null) {
                score.refund(refund(o, o.expectation().refund().amountMinor()));
            }
            if (o.expectation().earlyWarningAt() != null) {
                score.notification(warning(o), 1);
            }
            for (int i = 0; i < o.expectation().deadLetters(); i++) {
                deadLetterForMalformedRecord();
            }
        }
    }

    @Test
    void everythingAsExpectedIsPerfect() {
        assertThat(score.complete()).isFalse();
        deliverAll();
        assertThat(score.complete()).isTrue();
        assertThat(score.perfect()).isTrue();
        assertThat(printed()).contains("missing").doesNotContain("first problems");
    }

    /** Order keys of the expected alerts and ids of the expected refunds, as the console stores. */
    private Set<String> expectedIncidents() {
        Set<String> keys = new HashSet<>();
        orders.stream()
                .filter(o -> !o.expectation().alerts().isEmpty())
                .forEach(o -> keys.add(o.key().encode()));
        return keys;
    }

    private Set<String> expectedRefunds() {
        Set<String> ids = new HashSet<>();
        orders.stream()
                .filter(o -> o.expectation().refund() != null)
                .forEach(o -> ids.add(o.expectation().refund().refundRequestId()));
        return ids;
    }

    private void expectConsole() {
        score = new Scorecard(true);
        orders.forEach(score::expect);
        deliverAll();
    }

    @Test
    void consoleStoreMatchingTheTopicsIsPerfect() {
        expectConsole();
        assertThat(score.perfect()).as("not compared yet").isFalse();
        Set<String> incidents = expectedIncidents();
        Set<String> refunds = expectedRefunds();
        assertThat(refunds).isNotEmpty();
        score.consoleStore(true, incidents, refunds);

        assertThat(score.perfect()).isTrue();
        ScorecardResult.ConsoleStore c = score.result().console();
        assertThat(c.incidents())
                .isEqualTo(new ScorecardResult.Stored(incidents.size(), incidents.size(), 0, 0));
        assertThat(c.refundRequests())
                .isEqualTo(new ScorecardResult.Stored(refunds.size(), refunds.size(), 0, 0));
        assertThat(printed())
                .contains(
                        String.format(
                                "  console incidents        expected %,d   stored %,d   missing 0"
                                        + "   unexpected 0%n",
                                incidents.size(), incidents.size()))
                .contains(
                        String.format(
                                "  console refund requests  expected %,d   stored %,d   missing 0"
                                        + "   unexpected 0%n",
                                refunds.size(), refunds.size()));
    }

    @Test
    void consoleStoreWithAMissingAndAnUnexpectedRowIsNotPerfect() {
        expectConsole();
        Set<String> incidents = expectedIncidents();
        String gone = incidents.iterator().next();
        incidents.remove(gone);
        Set<String> refunds = expectedRefunds();
        refunds.add("not-a-refund");
        score.consoleStore(true, incidents, refunds);

        assertThat(score.perfect()).isFalse();
        ScorecardResult.ConsoleStore c = score.result().console();
        assertThat(c.incidents().missing()).isEqualTo(1);
        assertThat(c.incidents().unexpected()).isZero();
        assertThat(c.refundRequests().missing()).isZero();
        assertThat(c.refundRequests().unexpected()).isEqualTo(1);
        assertThat(printed())
                .contains("console: incident not stored: " + gone)
                .contains("console: unexpected refund request stored: not-a-refund");
    }

    @Test
    void consoleThatHadNotCaughtUpIsNotPerfect() {
        expectConsole();
        score.consoleStore(false, expectedIncidents(), expectedRefunds());
        assertThat(score.perfect()).isFalse();
        assertThat(printed()).contains("had not stored the topics up to their end offsets");
    }

    @Test
    void redeliveredEarlyWarningIsAllowed() {
        deliverAll();
        GeneratedOrder o = first(x -> x.expectation().earlyWarningAt() != null);
        score.notification(warning(o), 2);
        assertThat(score.perfect()).isTrue();
        assertThat(printed()).contains("redelivered 1");
    }

    @Test
    void alertAtAnotherTimeIsMissingAndUnexpected() {
        GeneratedOrder o = first(x -> !x.expectation().alerts().isEmpty());
        ExpectedAlert a = o.expectation().alerts().get(0);
        score.alert(alert(o, a, a.decidedAt().plusMillis(1).toString()), 1);
        deliverAll();
        assertThat(score.perfect()).isFalse();
        assertThat(printed()).contains("unexpected alert " + a.type());
    }

    @Test
    void missingAlertIsNotComplete() {
        GeneratedOrder victim = first(x -> x.expectation().alerts().size() == 1);
        Scorecard partial = new Scorecard();
        orders.forEach(partial::expect);
        for (GeneratedOrder o : orders) {
            if (o != victim) {
                for (ExpectedAlert a : o.expectation().alerts()) {
                    partial.alert(alert(o, a, a.decidedAt().toString()), 1);
                }
            }
        }
        assertThat(partial.complete()).isFalse();
        assertThat(partial.perfect()).isFalse();
    }

    @Test
    void duplicatedOrUnexpectedRefundIsNotPerfect() {
        deliverAll();
        GeneratedOrder o = first(x -> x.expectation().refund() != null);
        score.refund(refund(o, o.expectation().refund().amountMinor()));
        assertThat(score.complete()).isTrue();
        assertThat(score.perfect()).isFalse();
        assertThat(printed()).contains("duplicated 1");
    }

    @Test
    void refundOfASuccessfulSaleIsCountedAndNotPerfect() {
        deliverAll();
        assertThat(printed()).contains("refunds of successful sales: 0");
        GeneratedOrder sale = first(GeneratedOrder::successfulSale);
        ObjectNode n = base(sale);
        n.put("refund_request_id", "rr-of-a-successful-sale");
        n.put("provider_txn_id", "4200000000000000000000000000");
        n.put("amount_minor", 100);
        score.refund(n);
        assertThat(score.complete()).isTrue();
        assertThat(score.perfect()).isFalse();
        assertThat(printed())
                .contains("refunds of successful sales: 1")
                .contains("for a successful sale: " + sale.key().encode());
    }

    @Test
    void alertsOfLateFactsAreTimedFromTheLateRecord() {
        deliverAll();
        assertThat(printed()).doesNotContain("late facts");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Every alert arrived at 1 ns; the late records were acknowledged at 0 ns: 0 µs each.
        score.print(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), t -> 0, k -> 0, k -> 1, 0);
        long lateAlerts =
                orders.stream()
                        .filter(o -> o.events().stream().anyMatch(SimEvent::late))
                        .mapToLong(o -> o.expectation().alerts().size())
                        .sum();
        assertThat(lateAlerts).isPositive();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("alerts, late facts    n=" + lateAlerts + " ");
    }

    @Test
    void unexpectedEarlyWarningAndExtraDeadLetterAreNotPerfect() {
        deliverAll();
        score.notification(warning(first(x -> x.expectation().earlyWarningAt() == null)), 1);
        assertThat(score.perfect()).isFalse();
        Scorecard other = new Scorecard();
        orders.forEach(other::expect);
        score = other;
        deliverAll();
        deadLetterForMalformedRecord();
        assertThat(score.perfect()).isFalse();
    }

    @Test
    void earlyWarningUnderASecondIdOrAtAnotherTimeIsNotPerfect() {
        deliverAll();
        GeneratedOrder o = first(x -> x.expectation().earlyWarningAt() != null);
        ObjectNode again = warning(o);
        again.put("notification_id", "n-another-id");
        score.notification(again, 3);
        assertThat(score.perfect()).isFalse();
        assertThat(printed()).contains("a second one");

        Scorecard other = new Scorecard();
        orders.forEach(other::expect);
        ObjectNode late = warning(o);
        late.put("decided_at", o.expectation().earlyWarningAt().plusSeconds(1).toString());
        other.notification(late, 1);
        score = other;
        deliverAll();
        assertThat(score.perfect()).isFalse();
    }

    @Test
    void missingMerchantNotificationIsNotComplete() {
        GeneratedOrder victim =
                first(
                        x ->
                                x.expectation().alerts().stream()
                                        .anyMatch(a -> a.type() == AlertType.UNMATCHED_DEBIT));
        Scorecard partial = new Scorecard();
        orders.forEach(partial::expect);
        Scorecard full = score;
        score = partial;
        for (GeneratedOrder o : orders) {
            for (ExpectedAlert a : o.expectation().alerts()) {
                score.alert(alert(o, a, a.decidedAt().toString()), 1);
                score.notification(note(o, "OPS", a.type().name(), a.decidedAt().toString()), 1);
                if (o != victim
                        && (a.type() == AlertType.UNMATCHED_DEBIT
                                || a.type() == AlertType.SALE_WITHOUT_DEBIT)) {
                    score.notification(
                            note(o, "MERCHANT", a.type().name(), a.decidedAt().toString()), 1);
                }
            }
            if (o.expectation().refund() != null) {
                score.refund(refund(o, o.expectation().refund().amountMinor()));
            }
            if (o.expectation().earlyWarningAt() != null) {
                score.notification(warning(o), 1);
            }
            for (int i = 0; i < o.expectation().deadLetters(); i++) {
                deadLetterForMalformedRecord();
            }
        }
        assertThat(score.complete()).isFalse();
        assertThat(score.perfect()).isFalse();
        score = full;
    }

    @Test
    void deadLettersMustPointAtTheRecordsSentMalformed() {
        long expected = orders.stream().mapToLong(o -> o.expectation().deadLetters()).sum();
        assertThat(expected).isGreaterThan(1);
        Scorecard exact = new Scorecard();
        Scorecard swapped = new Scorecard();
        orders.forEach(exact::expect);
        orders.forEach(swapped::expect);
        score = exact;
        deliverAllButDeadLetters();
        score = swapped;
        deliverAllButDeadLetters();
        for (long i = 0; i < expected; i++) {
            exact.malformedAt("terminal-events/0/" + i);
            swapped.malformedAt("terminal-events/0/" + i);
            exact.deadLetter(deadLetter("terminal-events", 0, i));
            // One good record refused while one malformed record went through: same count.
            swapped.deadLetter(deadLetter("terminal-events", 0, i == 0 ? 1_000_000 : i));
        }
        assertThat(exact.perfect()).isTrue();
        assertThat(swapped.complete()).isTrue();
        assertThat(swapped.perfect()).isFalse();
        score = swapped;
        assertThat(printed()).contains("each for a record sent malformed: NO (unexpected 1)");
    }

    private void deliverAllButDeadLetters() {
        for (GeneratedOrder o : orders) {
            for (ExpectedAlert a : o.expectation().alerts()) {
                score.alert(alert(o, a, a.decidedAt().toString()), 1);
                score.notification(note(o, "OPS", a.type().name(), a.decidedAt().toString()), 1);
                if (a.type() == AlertType.UNMATCHED_DEBIT
                        || a.type() == AlertType.SALE_WITHOUT_DEBIT) {
                    score.notification(
                            note(o, "MERCHANT", a.type().name(), a.decidedAt().toString()), 1);
                }
            }
            if (o.expectation().refund() != null) {
                score.refund(refund(o, o.expectation().refund().amountMinor()));
            }
            if (o.expectation().earlyWarningAt() != null) {
                score.notification(warning(o), 1);
            }
        }
    }

    private long malformedOffset;

    /** A record the feed sent malformed and the job's dead letter for it. */
    private void deadLetterForMalformedRecord() {
        long offset = malformedOffset++;
        score.malformedAt("terminal-events/0/" + offset);
        score.deadLetter(deadLetter("terminal-events", 0, offset));
    }

    private static ObjectNode deadLetter(String topic, int partition, long offset) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("source", topic);
        n.put("reason", "not JSON");
        n.put("topic", topic);
        n.put("partition", partition);
        n.put("offset", offset);
        return n;
    }

    @Test
    void progressCountsByType() {
        deliverAll();
        Scorecard.Progress p = score.progress();
        long expected =
                orders.stream()
                        .flatMap(o -> o.expectation().alerts().stream())
                        .filter(a -> a.type() == AlertType.UNMATCHED_DEBIT)
                        .count();
        assertThat(p.alertsByType().get(AlertType.UNMATCHED_DEBIT)).isEqualTo(expected);
    }

    private GeneratedOrder first(java.util.function.Predicate<GeneratedOrder> p) {
        return orders.stream().filter(p).findFirst().orElseThrow();
    }

    private String printed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        score.print(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), t -> 0, k -> 0, k -> 0, 0);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ObjectNode base(GeneratedOrder o) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("provider", o.key().provider().name());
        n.put("merchant_id", o.key().merchantId());
        n.put("out_trade_no", o.key().outTradeNo());
        return n;
    }

    private static ObjectNode alert(GeneratedOrder o, ExpectedAlert a, String decidedAt) {
        ObjectNode n = base(o);
        n.put("alert_id", a.type() + "-" + o.key().encode() + "-" + decidedAt);
        n.put("type", a.type().name());
        n.put("action", a.action().name());
        n.put("amount_minor", a.amountMinor());
        n.put("decided_at", decidedAt);
        return n;
    }

    private static ObjectNode refund(GeneratedOrder o, long amount) {
        ObjectNode n = base(o);
        n.put("refund_request_id", o.expectation().refund().refundRequestId());
        n.put("provider_txn_id", o.expectation().refund().providerTxnId());
        n.put("amount_minor", amount);
        return n;
    }

    private static ObjectNode warning(GeneratedOrder o) {
        java.time.Instant at = o.expectation().earlyWarningAt();
        return note(
                o,
                "MERCHANT",
                "EARLY_WARNING",
                (at == null ? java.time.Instant.parse("2026-11-25T00:00:00Z") : at).toString());
    }

    private static ObjectNode note(GeneratedOrder o, String channel, String kind, String at) {
        ObjectNode n = base(o);
        n.put("notification_id", "n-" + channel + "-" + kind + "-" + o.key().encode());
        n.put("channel", channel);
        n.put("kind", kind);
        n.put("decided_at", at);
        return n;
    }
}
