package io.debitwatch.console;

import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.RefundRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads the job's output records (alerts, refund requests, notifications) for the store. Never
 * throws: a record that is not JSON or lacks a field the schema requires is {@link Parsed.Bad} with
 * a one-line reason, so that one bad record cannot stop the materializer.
 */
final class OutputRecords {

    private OutputRecords() {}

    static Parsed<Alert> alert(byte[] value) {
        Parsed<Alert> parsed = read(value, Alert.class);
        if (parsed instanceof Parsed.Ok<Alert> ok) {
            Alert a = ok.value();
            if (a.evidence() != null && a.evidence().contains(null)) {
                return new Parsed.Bad<>("evidence holds a null entry");
            }
            String badTime = outOfRange("decided_at", a.decidedAt(), "emitted_at", a.emittedAt());
            if (badTime != null) {
                return new Parsed.Bad<>(badTime);
            }
            return require(
                    a,
                    missing(
                            "alert_id", a.alertId(),
                            "type", a.type(),
                            "action", a.action(),
                            "provider", a.provider(),
                            "merchant_id", a.merchantId(),
                            "out_trade_no", a.outTradeNo(),
                            "verdict", a.verdict(),
                            "decided_at", a.decidedAt(),
                            "emitted_at", a.emittedAt(),
                            "evidence", a.evidence()));
        }
        return parsed;
    }

    static Parsed<RefundRequest> refundRequest(byte[] value) {
        Parsed<RefundRequest> parsed = read(value, RefundRequest.class);
        if (parsed instanceof Parsed.Ok<RefundRequest> ok) {
            RefundRequest r = ok.value();
            return require(
                    r,
                    missing(
                            "refund_request_id", r.refundRequestId(),
                            "alert_id", r.alertId(),
                            "provider", r.provider(),
                            "merchant_id", r.merchantId(),
                            "out_trade_no", r.outTradeNo(),
                            "provider_txn_id", r.providerTxnId(),
                            "currency", r.currency(),
                            "reason", r.reason()));
        }
        return parsed;
    }

    static Parsed<Notification> notification(byte[] value) {
        Parsed<Notification> parsed = read(value, Notification.class);
        if (parsed instanceof Parsed.Ok<Notification> ok) {
            Notification n = ok.value();
            String missing =
                    missing(
                            "notification_id", n.notificationId(),
                            "channel", n.channel(),
                            "kind", n.kind(),
                            "provider", n.provider(),
                            "merchant_id", n.merchantId(),
                            "out_trade_no", n.outTradeNo(),
                            "severity", n.severity(),
                            "decided_at", n.decidedAt(),
                            "emitted_at", n.emittedAt(),
                            "text", n.text());
            if (missing == null && (n.text().zh() == null || n.text().en() == null)) {
                missing = "text.zh and text.en";
            }
            String badTime = outOfRange("decided_at", n.decidedAt(), "emitted_at", n.emittedAt());
            if (badTime != null) {
                return new Parsed.Bad<>(badTime);
            }
            return require(n, missing);
        }
        return parsed;
    }

    private static <T> Parsed<T> read(byte[] value, Class<T> type) {
        if (value == null) {
            return new Parsed.Bad<>("empty record (no value)");
        }
        String text = new String(value, StandardCharsets.UTF_8);
        // PostgreSQL text cannot hold U+0000: such a record would fail its whole batch forever.
        if (text.indexOf('\u0000') >= 0 || text.contains("\\u0000")) {
            return new Parsed.Bad<>("contains a NUL character, which PostgreSQL cannot store");
        }
        try {
            return new Parsed.Ok<>(Json.mapper().readValue(text, type));
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            int newline = message.indexOf('\n');
            return new Parsed.Bad<>(
                    "not a valid "
                            + type.getSimpleName()
                            + ": "
                            + (newline < 0 ? message : message.substring(0, newline)));
        }
    }

    /**
     * The first of name/instant pairs outside 2000–2099 (the job's own bounds for event times), or
     * null. PostgreSQL refuses some years Java accepts, and such a record would fail its whole
     * batch at every retry.
     */
    private static String outOfRange(Object... namesAndTimes) {
        for (int i = 0; i < namesAndTimes.length; i += 2) {
            Instant t = (Instant) namesAndTimes[i + 1];
            if (t != null && (t.isBefore(EARLIEST) || !t.isBefore(LATEST))) {
                return namesAndTimes[i] + " outside 2000-2099: " + t;
            }
        }
        return null;
    }

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private static <T> Parsed<T> require(T value, String missing) {
        return missing == null
                ? new Parsed.Ok<>(value)
                : new Parsed.Bad<>("missing required field " + missing);
    }

    /** The name of the first null value among name/value pairs, or null when none is missing. */
    private static String missing(Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                return (String) namesAndValues[i];
            }
        }
        return null;
    }
}
