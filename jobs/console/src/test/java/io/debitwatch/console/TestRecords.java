package io.debitwatch.console;

import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Evidence;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalContext;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Output records as the job writes them, built with the core record classes. */
final class TestRecords {

    static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");

    private TestRecords() {}

    static String order(int i) {
        return "DW2026112510" + String.format("%06d", i);
    }

    static String merchant(int i) {
        return "19000001" + String.format("%02d", i % 7);
    }

    static Alert unmatchedDebit(int i) {
        return alert(i, AlertType.UNMATCHED_DEBIT, Action.REFUND, "FAILED", null);
    }

    /** The ALERT_RESOLVED of order {@code i}'s UNMATCHED_DEBIT: its money came back. */
    static Alert resolution(int i) {
        return alert(
                i, AlertType.ALERT_RESOLVED, Action.NONE, "FAILED", "UNMATCHED_DEBIT-" + order(i));
    }

    static Alert alert(int i, AlertType type, Action action, String verdict, String resolves) {
        Instant decided = T0.plusSeconds(60L * i + (type == AlertType.ALERT_RESOLVED ? 30 : 0));
        return new Alert(
                type.name() + "-" + order(i),
                type,
                action,
                Provider.WECHAT,
                merchant(i),
                order(i),
                3999L + i,
                "CNY",
                verdict,
                decided,
                decided.plusMillis(500),
                resolves == null ? null : "MONEY_RETURNED",
                resolves,
                null,
                List.of(
                        new Evidence(
                                "te-" + i,
                                Evidence.Stream.TERMINAL,
                                "PAY_RESULT",
                                "FAILED",
                                decided.minusSeconds(55),
                                3999L + i,
                                "CNY",
                                null,
                                null,
                                null),
                        new Evidence(
                                "pe-" + i,
                                Evidence.Stream.PROVIDER,
                                "QUERY",
                                "DEBITED",
                                decided.minusSeconds(52),
                                3999L + i,
                                "CNY",
                                "42000026" + order(i),
                                null,
                                null)));
    }

    /**
     * {@code alert} with the terminal context the job gives it when the order's terminal events
     * name a store, terminal, app version or error code.
     */
    static Alert withTerminal(Alert a, TerminalContext terminal) {
        return new Alert(
                a.alertId(),
                a.type(),
                a.action(),
                a.provider(),
                a.merchantId(),
                a.outTradeNo(),
                a.amountMinor(),
                a.currency(),
                a.verdict(),
                a.decidedAt(),
                a.emittedAt(),
                a.resolution(),
                a.resolvesAlertId(),
                a.reviewReason(),
                a.evidence(),
                terminal);
    }

    /** {@code alert} for another merchant and order (e.g. hostile text for escaping tests). */
    static Alert reKeyed(Alert a, String merchantId, String outTradeNo) {
        return new Alert(
                a.type().name() + "-" + merchantId + "-" + outTradeNo,
                a.type(),
                a.action(),
                a.provider(),
                merchantId,
                outTradeNo,
                a.amountMinor(),
                a.currency(),
                a.verdict(),
                a.decidedAt(),
                a.emittedAt(),
                a.resolution(),
                a.resolvesAlertId(),
                a.reviewReason(),
                a.evidence());
    }

    static RefundRequest refund(int i) {
        return new RefundRequest(
                "dwr-" + order(i),
                "UNMATCHED_DEBIT-" + order(i),
                Provider.WECHAT,
                merchant(i),
                order(i),
                "42000026" + order(i),
                3999L + i,
                "CNY",
                "customer debited but terminal verdict was FAILED");
    }

    static Notification notification(int i, Notification.Channel channel) {
        return new Notification(
                "n-" + channel + "-" + order(i),
                channel,
                "UNMATCHED_DEBIT",
                Provider.WECHAT,
                merchant(i),
                order(i),
                Notification.Severity.CRITICAL,
                "UNMATCHED_DEBIT-" + order(i),
                3999L + i,
                "CNY",
                T0.plusSeconds(60L * i),
                T0.plusSeconds(60L * i + 1),
                new Notification.Text(
                        "订单 " + order(i) + " 实际已支付成功", "Order " + order(i) + " was in fact paid"));
    }

    /** Sends {@code record} as the job does: JSON through the one mapper, keyed by order. */
    static void send(KafkaProducer<String, String> producer, String topic, Object record) {
        String json = Json.write(record);
        producer.send(new ProducerRecord<>(topic, null, json));
    }
}
