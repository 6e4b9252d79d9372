package io.debitwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The notifications of the {@link Scorecard}, early warnings among them. Not thread-safe: the
 * scorecard's lock guards it, except {@link #warmedUp()}.
 */
final class NotificationScore {

    private final Consumer<String> problems;

    /** The early warnings the stories imply, by order key, with their event time. */
    private final Map<String, Long> earlyWarnings = new HashMap<>();

    private final Map<String, Long> warningsReceived = new HashMap<>();
    private final Set<String> notificationIdsSeen = new HashSet<>();
    private long warningRedeliveries;
    private long warningsUnexpected;

    /** Every notification the stories imply, by order|channel|kind, with its decided_at. */
    private final Map<String, Long> notesExpected = new HashMap<>();

    private final Set<String> notesMatched = new HashSet<>();
    private long notesUnexpected;
    private long notesRedelivered;
    private volatile boolean warmedUp;

    NotificationScore(Consumer<String> problems) {
        this.problems = problems;
    }

    /**
     * The order must get a notification of {@code channel} and {@code kind} decided at {@code at}.
     */
    void expect(String orderKey, String channel, String kind, long at) {
        notesExpected.put(orderKey + '|' + channel + '|' + kind, at);
    }

    /** The order must get a merchant early warning at event time {@code at}. */
    void expectEarlyWarning(String orderKey, long at) {
        earlyWarnings.put(orderKey, at);
        expect(orderKey, "MERCHANT", "EARLY_WARNING", at);
    }

    /** Event time of the early warning the order must get, or null. */
    Long earlyWarningAt(String orderKey) {
        return earlyWarnings.get(orderKey);
    }

    /**
     * Every notification: each one the stories imply must arrive once (per order, channel and kind,
     * with its {@code decided_at}); a redelivery under the same {@code notification_id} is allowed
     * (at-least-once), a second id for the same notification or one no story implies is unexpected.
     */
    void received(JsonNode n, long receivedNanos) {
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
        String key = Scorecard.key(n);
        String note = key + '|' + n.path("channel").asText() + '|' + n.path("kind").asText();
        Long at = notesExpected.get(note);
        long decided = decidedMillis(n);
        if (at == null || at != decided || !notesMatched.add(note)) {
            notesUnexpected++;
            if (warning) {
                warningsUnexpected++;
            }
            problems.accept(
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

    long earlyWarningsExpected() {
        return earlyWarnings.size();
    }

    /** Early warnings received, expected or not, for the progress line. */
    long earlyWarningsSeen() {
        return warningsReceived.size() + warningsUnexpected;
    }

    /** By order key: the nanos at which its early warning was received. */
    Map<String, Long> warningsReceived() {
        return Map.copyOf(warningsReceived);
    }

    boolean complete() {
        return warningsReceived.size() == earlyWarnings.size()
                && notesMatched.size() == notesExpected.size();
    }

    boolean nothingUnexpected() {
        return warningsUnexpected == 0 && notesUnexpected == 0;
    }

    ScorecardResult.Notes earlyWarningCounts() {
        return new ScorecardResult.Notes(
                earlyWarnings.size(),
                warningsReceived.size(),
                warningsUnexpected,
                warningRedeliveries);
    }

    ScorecardResult.Notes counts() {
        return new ScorecardResult.Notes(
                notesExpected.size(), notesMatched.size(), notesUnexpected, notesRedelivered);
    }

    /** Up to five orders whose early warning has not come. */
    List<String> missingEarlyWarnings() {
        return earlyWarnings.keySet().stream()
                .filter(k -> !warningsReceived.containsKey(k))
                .limit(5)
                .map(k -> "missing early warning for " + k)
                .toList();
    }
}
