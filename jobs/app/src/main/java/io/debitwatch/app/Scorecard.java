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
    private final Map<String, Long> earlyWarnings = new HashMap<>();
    private long expectedDeadLetters;
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

    private final Map<String, Long> warningsReceived = new HashMap<>();
    private final Set<String> notificationIdsSeen = new HashSet<>();
    private long warningRedeliveries;
    private long warningsUnexpected;

    /** Every notification the stories imply, by order|channel|kind, with its decided_at. */
    private final Map<String, Long> notesExpected = new HashMap<>();

    private final Set<String> notesMatched = new HashSet<>();
    private long notesUnexpected;
    private long notesRedelivered;

    private long deadLettersReceived;

    /** Where each malformed record landed (topic/partition/offset) and where dead letters point. */
    private final Set<String> malformedAt = new HashSet<>();

    private final Set<String> deadLettersAt = new HashSet<>();
    private volatile boolean warmedUp;
    private final List<String> problems = new ArrayList<>();

    Scorecard() {
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
            notesExpected.put(key + "|OPS|" + a.type(), a.decidedAt().toEpochMilli());
            if (a.type() == AlertType.UNMATCHED_DEBIT || a.type() == AlertType.SALE_WITHOUT_DEBIT) {
                notesExpected.put(key + "|MERCHANT|" + a.type(), a.decidedAt().toEpochMilli());
            }
        }
        ExpectedRefund r = order.expectation().refund();
        if (r != null) {
            refunds.put(r.refundRequestId(), r);
            refundOrder.put(r.refundRequestId(), key);
        }
        if (order.expectation().earlyWarningAt() != null) {
            long at = order.expectation().earlyWarningAt().toEpochMilli();
            earlyWarnings.put(key, at);
            notesExpected.put(key + "|MERCHANT|EARLY_WARNING", at);
        }
        expectedDeadLetters += order.expectation().deadLetters();
    }

    /** Event time of the early warning the order must get, or null. */
    synchronized Long earlyWarningAt(String orderKey) {
        return earlyWarnings.get(orderKey);
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

    /**
     * Every notification: each one the stories imply must arrive once (per order, channel and kind,
     * with its {@code decided_at}); a redelivery under the same {@code notification_id} is allowed
     * (at-least-once), a second id for the same notification or one no story implies is unexpected.
     */
    synchronized void notification(JsonNode n, long receivedNanos) {
        if (LiveTraffic.WARM_UP_MERCHANT.equals(n.path("merchant_id").asText())) {
            warmedUp = true;
            return;
        }
        String id = n.path("notification_id").asText();
        boolean warning =
                "MERCHANT".equals(n.path("channel").asText())
                        && "EARLY_WARNING".equals(n.path("kind").asText());
        if (!notificationIdsSeen.add(id)) {
            notesRedelivered++;
            if (warning) {
                warningRedeliveries++;
            }
            return;
        }
        String key = key(n);
        String note = key + '|' + n.path("channel").asText() + '|' + n.path("kind").asText();
        Long at = notesExpected.get(note);
        long decided = decidedMillis(n);
        if (at == null || at != decided || !notesMatched.add(note)) {
            notesUnexpected++;
            if (warning) {
                warningsUnexpected++;
            }
            problem(
                    "unexpected notification "
                            + n.path("channel").asText()
                            + " "
                            + n.path("kind").asText()
                            + " at "
                            + n.path("decided_at").asText()
                            + " for "
                            + key
                            + (at == null
                                    ? ""
                                    : notesMatched.contains(note) && at == decided
                                            ? " (a second one, under another id)"
                                            : " (expected at " + Instant.ofEpochMilli(at) + ")"));
            return;
        }
        if (warning) {
            warningsReceived.put(key, receivedNanos);
        }
    }

    private static long decidedMillis(JsonNode n) {
        try {
            return Instant.parse(n.path("decided_at").asText()).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Whether the warm-up order's early warning has come through the whole pipeline. */
    boolean warmedUp() {
        return warmedUp;
    }

    /** Counts a dead letter without a position (the scorecard's unit tests). */
    synchronized void deadLetter() {
        deadLettersReceived++;
    }

    /** A malformed record the feed sent landed at {@code topic/partition/offset}. */
    synchronized void malformedAt(String where) {
        malformedAt.add(where);
    }

    /** A dead letter as the job writes it: it names the record's topic, partition and offset. */
    synchronized void deadLetter(JsonNode n) {
        deadLettersReceived++;
        if (n.hasNonNull("topic")) {
            String where =
                    n.path("topic").asText()
                            + '/'
                            + n.path("partition").asInt()
                            + '/'
                            + n.path("offset").asLong();
            if (!deadLettersAt.add(where)) {
                problem("two dead letters for " + where);
            }
        } else {
            problem("dead letter without a record position: " + n.path("reason").asText());
        }
    }

    /**
     * Dead letters that point at a record the feed did not send malformed (a good record refused,
     * or the job's own dead letters); only counted when positions are known.
     */
    private long deadLettersUnexpected() {
        if (malformedAt.isEmpty() && deadLettersAt.isEmpty()) {
            return 0;
        }
        long unexpected = deadLettersReceived - deadLettersAt.size();
        for (String at : deadLettersAt) {
            if (!malformedAt.contains(at)) {
                unexpected++;
            }
        }
        return unexpected;
    }

    private void problem(String line) {
        if (problems.size() < 20) {
            problems.add(line);
        }
    }

    private static String key(JsonNode n) {
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
                byType,
                refundsReceived.size(),
                warningsReceived.size() + warningsUnexpected,
                deadLettersReceived);
    }

    synchronized long expectedTotal() {
        return alerts.size() + refunds.size() + earlyWarnings.size() + expectedDeadLetters;
    }

    /** True once everything expected has arrived (more may still come: the caller waits a bit). */
    synchronized boolean complete() {
        long detected = detectedByType.values().stream().mapToLong(c -> c[0]).sum();
        long refundsOk = refunds.keySet().stream().filter(refundsReceived::containsKey).count();
        return detected == alerts.size()
                && refundsOk == refunds.size()
                && warningsReceived.size() == earlyWarnings.size()
                && notesMatched.size() == notesExpected.size()
                && deadLettersReceived >= expectedDeadLetters;
    }

    synchronized boolean perfect() {
        return complete()
                && alertDuplicates == 0
                && unexpectedByType.values().stream().allMatch(c -> c[0] == 0)
                && refundsUnexpected == 0
                && refundsWrong == 0
                && refundsOfSuccessfulSales == 0
                && refundsReceived.values().stream().allMatch(c -> c == 1)
                && warningsUnexpected == 0
                && notesUnexpected == 0
                && deadLettersReceived == expectedDeadLetters
                && deadLettersUnexpected() == 0;
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
                        Map.copyOf(warningsReceived),
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
                new ScorecardResult.Notes(
                        earlyWarnings.size(),
                        warningsReceived.size(),
                        warningsUnexpected,
                        warningRedeliveries),
                new ScorecardResult.Notes(
                        notesExpected.size(),
                        notesMatched.size(),
                        notesUnexpected,
                        notesRedelivered),
                deadLetterCounts(),
                List.copyOf(problems),
                complete ? List.of() : missing(),
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

    private ScorecardResult.DeadLetters deadLetterCounts() {
        return new ScorecardResult.DeadLetters(
                expectedDeadLetters,
                deadLettersReceived,
                !(malformedAt.isEmpty() && deadLettersAt.isEmpty()),
                deadLettersUnexpected(),
                firstNotIn(deadLettersAt, malformedAt),
                firstNotIn(malformedAt, deadLettersAt));
    }

    private static List<String> firstNotIn(Set<String> these, Set<String> others) {
        return these.stream().filter(at -> !others.contains(at)).sorted().limit(5).toList();
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
        earlyWarnings.keySet().stream()
                .filter(k -> !warningsReceived.containsKey(k))
                .limit(5)
                .forEach(k -> missing.add("missing early warning for " + k));
        return missing;
    }

    @Override
    public synchronized String toString() {
        return "Scorecard[orders=" + orders + ", expected=" + expectedTotal() + "]";
    }
}
