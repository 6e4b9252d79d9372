package io.debitwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.sim.ExpectedAlert;
import io.debitwatch.sim.ExpectedRefund;
import io.debitwatch.sim.GeneratedOrder;
import io.debitwatch.sim.SimEvent;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import java.util.function.ToLongFunction;

/**
 * The demo's ground-truth scorecard: what the simulated stories imply (from how they were built,
 * not from the detector) against what the job wrote to its output topics. An alert counts as
 * detected only if its order, type, action, amount and {@code decided_at} are all as expected;
 * otherwise it is both missing (the expected one) and unexpected (the one received). Thread-safe:
 * the feed adds expectations while the consumers add observations.
 */
final class Scorecard {

    /** One alert or early warning as the stories define it, with what was observed of it. */
    private static final class Expected {
        final String id;
        final ExpectedAlert alert;
        final boolean lateFacts;
        long receivedNanos;

        Expected(String id, ExpectedAlert alert, boolean lateFacts) {
            this.id = id;
            this.alert = alert;
            this.lateFacts = lateFacts;
        }
    }

    private final Map<String, Expected> alerts = new HashMap<>();
    private final Map<String, ExpectedRefund> refunds = new HashMap<>();
    private final Map<String, String> refundOrder = new HashMap<>();
    private long orders;

    private final EnumMap<AlertType, long[]> expectedByType = new EnumMap<>(AlertType.class);
    private final EnumMap<AlertType, long[]> detectedByType = new EnumMap<>(AlertType.class);
    private final EnumMap<AlertType, long[]> unexpectedByType = new EnumMap<>(AlertType.class);
    private final EnumMap<AlertType, long[]> receivedByType = new EnumMap<>(AlertType.class);
    private long alertDuplicates;
    private final Set<String> alertIdsSeen = new HashSet<>();

    private final Map<String, Integer> refundsReceived = new HashMap<>();
    private long refundsUnexpected;
    private long refundsWrong;

    /** Orders whose terminal showed SUCCESS by the deadline, not reversed: never to be refunded. */
    private final Set<String> successfulSales = new HashSet<>();

    private long refundsOfSuccessfulSales;

    private final NotificationScore notes = new NotificationScore(this::problem);
    private final DeadLetterScore deadLetters = new DeadLetterScore(this::problem);
    private final List<String> problems = new ArrayList<>();

    /** Whether a perfect verdict needs the console's store compared ({@link #consoleStore}). */
    private final boolean consoleExpected;

    private ScorecardResult.ConsoleStore console;

    /** A scorecard of the topics alone. */
    Scorecard() {
        this(false);
    }

    /** With {@code consoleExpected}, perfect also needs the console's store to match. */
    Scorecard(boolean consoleExpected) {
        this.consoleExpected = consoleExpected;
        for (AlertType t : AlertType.values()) {
            expectedByType.put(t, new long[1]);
            detectedByType.put(t, new long[1]);
            unexpectedByType.put(t, new long[1]);
            receivedByType.put(t, new long[1]);
        }
    }

    // ---- expectations ----

    synchronized void expect(GeneratedOrder order) {
        orders++;
        String key = order.key().encode();
        if (order.successfulSale()) {
            successfulSales.add(key);
        }
        boolean late = order.events().stream().anyMatch(SimEvent::late);
        for (ExpectedAlert a : order.expectation().alerts()) {
            alerts.put(key + '|' + a.type(), new Expected(key, a, late));
            expectedByType.get(a.type())[0]++;
            notes.expect(key, "OPS", a.type().name(), a.decidedAt().toEpochMilli());
            if (a.type() == AlertType.UNMATCHED_DEBIT || a.type() == AlertType.SALE_WITHOUT_DEBIT) {
                notes.expect(key, "MERCHANT", a.type().name(), a.decidedAt().toEpochMilli());
            }
        }
        ExpectedRefund r = order.expectation().refund();
        if (r != null) {
            refunds.put(r.refundRequestId(), r);
            refundOrder.put(r.refundRequestId(), key);
        }
        if (order.expectation().earlyWarningAt() != null) {
            long at = order.expectation().earlyWarningAt().toEpochMilli();
            notes.expectEarlyWarning(key, at);
        }
        deadLetters.expect(order.expectation().deadLetters());
    }

    /** Event time of the early warning the order must get, or null. */
    synchronized Long earlyWarningAt(String orderKey) {
        return notes.earlyWarningAt(orderKey);
    }

    // ---- observations (JSON as the job writes it) ----

    synchronized void alert(JsonNode n, long receivedNanos) {
        AlertType type = AlertType.valueOf(n.path("type").asText());
        receivedByType.get(type)[0]++;
        if (!alertIdsSeen.add(n.path("alert_id").asText())) {
            alertDuplicates++;
            problem("alert delivered twice: " + n.path("alert_id").asText());
            return;
        }
        String key = key(n);
        Expected x = alerts.get(key + '|' + type);
        if (x != null
                && x.receivedNanos == 0
                && x.alert.action().name().equals(n.path("action").asText())
                && x.alert.amountMinor() == n.path("amount_minor").asLong(-1)
                && x.alert.decidedAt().equals(Instant.parse(n.path("decided_at").asText()))) {
            x.receivedNanos = receivedNanos;
            detectedByType.get(type)[0]++;
            return;
        }
        unexpectedByType.get(type)[0]++;
        problem(
                "unexpected alert "
                        + type
                        + " "
                        + n.path("action").asText()
                        + " "
                        + n.path("amount_minor").asText()
                        + " at "
                        + n.path("decided_at").asText()
                        + " for "
                        + key
                        + (x == null
                                ? ""
                                : " (expected "
                                        + x.alert.action()
                                        + " "
                                        + x.alert.amountMinor()
                                        + " at "
                                        + x.alert.decidedAt()
                                        + ")"));
    }

    synchronized void refund(JsonNode n) {
        String id = n.path("refund_request_id").asText();
        int count = refundsReceived.merge(id, 1, Integer::sum);
        if (count > 1) {
            problem("refund request delivered twice: " + id);
            return;
        }
        if (successfulSales.contains(key(n))) {
            refundsOfSuccessfulSales++;
            problem("refund request " + id + " for a successful sale: " + key(n));
        }
        ExpectedRefund r = refunds.get(id);
        if (r == null) {
            refundsUnexpected++;
            problem("unexpected refund request " + id + " for " + key(n));
        } else if (r.amountMinor() != n.path("amount_minor").asLong(-1)
                || !r.providerTxnId().equals(n.path("provider_txn_id").asText())) {
            refundsWrong++;
            problem(
                    "refund request "
                            + id
                            + " with amount "
                            + n.path("amount_minor").asText()
                            + ", expected "
                            + r.amountMinor());
        }
    }

    /** See {@link NotificationScore#received}. */
    synchronized void notification(JsonNode n, long receivedNanos) {
        notes.received(n, receivedNanos);
    }

    /**
     * The console's store as read after the drain: the order keys of its incidents and the ids of
     * its refund requests, against the distinct orders of the expected alerts and the expected
     * refund requests. {@code caughtUp}: whether it had read the topics to their end first.
     */
    synchronized void consoleStore(
            boolean caughtUp, Set<String> incidentKeys, Set<String> refundRequestIds) {
        Set<String> expectedIncidents = new HashSet<>();
        alerts.values().forEach(x -> expectedIncidents.add(x.id));
        ScorecardResult.Stored incidents = compare("incident", expectedIncidents, incidentKeys);
        ScorecardResult.Stored refundRows =
                compare("refund request", refunds.keySet(), refundRequestIds);
        console = new ScorecardResult.ConsoleStore(caughtUp, incidents, refundRows);
        if (!caughtUp) {
            problem("the console had not stored the topics up to their end offsets");
        }
    }

    private ScorecardResult.Stored compare(String what, Set<String> expected, Set<String> stored) {
        long missing = 0;
        for (String k : expected) {
            if (!stored.contains(k)) {
                missing++;
                problem("console: " + what + " not stored: " + k);
            }
        }
        long unexpected = 0;
        for (String k : stored) {
            if (!expected.contains(k)) {
                unexpected++;
                problem("console: unexpected " + what + " stored: " + k);
            }
        }
        return new ScorecardResult.Stored(expected.size(), stored.size(), missing, unexpected);
    }

    /** Whether the warm-up order's early warning has come through the whole pipeline. */
    boolean warmedUp() {
        return notes.warmedUp();
    }

    /** A malformed record the feed sent landed at {@code topic/partition/offset}. */
    synchronized void malformedAt(String where) {
        deadLetters.malformedAt(where);
    }

    /** A dead letter as the job writes it: it names the record's topic, partition and offset. */
    synchronized void deadLetter(JsonNode n) {
        deadLetters.received(n);
    }

    private void problem(String line) {
        if (problems.size() < 20) {
            problems.add(line);
        }
    }

    static String key(JsonNode n) {
        return new OrderKey(
                        Provider.valueOf(n.path("provider").asText()),
                        n.path("merchant_id").asText(),
                        n.path("out_trade_no").asText())
                .encode();
    }

    // ---- progress and result ----

    /** Counts received so far, for the progress line. */
    record Progress(
            EnumMap<AlertType, Long> alertsByType,
            long refunds,
            long earlyWarnings,
            long deadLetters) {
        long alerts() {
            return alertsByType.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    synchronized Progress progress() {
        EnumMap<AlertType, Long> byType = new EnumMap<>(AlertType.class);
        receivedByType.forEach((t, c) -> byType.put(t, c[0]));
        return new Progress(
                byType, refundsReceived.size(), notes.earlyWarningsSeen(), deadLetters.received());
    }

    synchronized long expectedTotal() {
        return alerts.size()
                + refunds.size()
                + notes.earlyWarningsExpected()
                + deadLetters.expected();
    }

    /** True once everything expected has arrived (more may still come: the caller waits a bit). */
    synchronized boolean complete() {
        long detected = detectedByType.values().stream().mapToLong(c -> c[0]).sum();
        long refundsOk = refunds.keySet().stream().filter(refundsReceived::containsKey).count();
        return detected == alerts.size()
                && refundsOk == refunds.size()
                && notes.complete()
                && deadLetters.received() >= deadLetters.expected();
    }

    synchronized boolean perfect() {
        return complete()
                && alertDuplicates == 0
                && unexpectedByType.values().stream().allMatch(c -> c[0] == 0)
                && refundsUnexpected == 0
                && refundsWrong == 0
                && refundsOfSuccessfulSales == 0
                && refundsReceived.values().stream().allMatch(c -> c == 1)
                && notes.nothingUnexpected()
                && deadLetters.exact()
                && (!consoleExpected || (console != null && console.matches()));
    }

    synchronized long orders() {
        return orders;
    }

    /**
     * Prints the scorecard ({@link ScorecardReport}). {@code possibleAt} maps a decision's event
     * time to the wall-clock nanos at which the input first reached it (the earliest the watermark
     * could pass it), or 0 if unknown; {@code earlyWarningFrom} maps an order key to the ack nanos
     * of the record that completed its early warning, or 0; {@code lateFrom} maps an order key to
     * the ack nanos of its first record sent late on purpose, or 0: its alerts cannot come before
     * that.
     */
    synchronized void print(
            PrintStream o,
            LongUnaryOperator possibleAt,
            ToLongFunction<String> earlyWarningFrom,
            ToLongFunction<String> lateFrom,
            long liveUntilMillis) {
        ScorecardReport.print(
                o,
                result(),
                ScorecardReport.latencies(
                        alertsReceived(),
                        notes.warningsReceived(),
                        possibleAt,
                        earlyWarningFrom,
                        lateFrom,
                        liveUntilMillis));
    }

    /** An alert received as expected: its order, decision time, whether its facts came late. */
    record AlertReceived(String orderKey, long decidedMillis, boolean lateFacts, long nanos) {}

    private List<AlertReceived> alertsReceived() {
        List<AlertReceived> received = new ArrayList<>();
        for (Expected x : alerts.values()) {
            if (x.receivedNanos != 0) {
                received.add(
                        new AlertReceived(
                                x.id,
                                x.alert.decidedAt().toEpochMilli(),
                                x.lateFacts,
                                x.receivedNanos));
            }
        }
        return received;
    }

    /** The counts as of now. */
    synchronized ScorecardResult result() {
        Map<AlertType, ScorecardResult.Alerts> byType = new EnumMap<>(AlertType.class);
        for (AlertType t : AlertType.values()) {
            byType.put(
                    t,
                    new ScorecardResult.Alerts(
                            expectedByType.get(t)[0],
                            detectedByType.get(t)[0],
                            unexpectedByType.get(t)[0]));
        }
        boolean complete = complete();
        return new ScorecardResult(
                orders,
                byType,
                alertDuplicates,
                refundCounts(),
                notes.earlyWarningCounts(),
                notes.counts(),
                deadLetters.counts(),
                List.copyOf(problems),
                complete ? List.of() : missing(),
                console,
                complete,
                perfect());
    }

    private ScorecardResult.Refunds refundCounts() {
        return new ScorecardResult.Refunds(
                refunds.size(),
                refundsReceived.size(),
                refundsReceived.values().stream().mapToLong(c -> c - 1L).filter(c -> c > 0).sum(),
                refunds.keySet().stream().filter(id -> !refundsReceived.containsKey(id)).count(),
                refundsUnexpected,
                refundsWrong,
                refundsOfSuccessfulSales);
    }

    /** Examples of what has not arrived: alerts, refunds, early warnings. */
    private List<String> missing() {
        List<String> missing = new ArrayList<>();
        alerts.values().stream()
                .filter(x -> x.receivedNanos == 0)
                .limit(10)
                .forEach(
                        x ->
                                missing.add(
                                        String.format(
                                                "missing %s %s at %s for %s",
                                                x.alert.type(),
                                                x.alert.action(),
                                                x.alert.decidedAt(),
                                                x.id)));
        refunds.keySet().stream()
                .filter(id -> !refundsReceived.containsKey(id))
                .limit(5)
                .forEach(id -> missing.add("missing refund " + id + " for " + refundOrder.get(id)));
        missing.addAll(notes.missingEarlyWarnings());
        return missing;
    }

    @Override
    public synchronized String toString() {
        return "Scorecard[orders=" + orders + ", expected=" + expectedTotal() + "]";
    }
}
