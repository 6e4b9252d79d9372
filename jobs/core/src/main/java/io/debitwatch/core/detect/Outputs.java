package io.debitwatch.core.detect;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Evidence;
import io.debitwatch.core.model.NoticeKind;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.Notification.Channel;
import io.debitwatch.core.model.Notification.Severity;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns decisions into the output records of SPEC §5: alerts, refund requests, notifications. */
public final class Outputs {

    /** The resolution of an ALERT_RESOLVED record. */
    public static final String MONEY_RETURNED = "MONEY_RETURNED";

    private Outputs() {}

    /** The alert of a decision; null for the early warning, which is only a notification. */
    public static Alert alert(OrderKey key, Decision d, Instant emittedAt) {
        return alert(key, d, emittedAt, null);
    }

    /**
     * As {@link #alert(OrderKey, Decision, Instant)}, with the order's terminal context ({@code
     * terminal}, or null), which changes nothing else in the alert.
     */
    public static Alert alert(
            OrderKey key, Decision d, Instant emittedAt, TerminalContext terminal) {
        AlertType type = d.finding().alertType();
        if (type == null) {
            return null;
        }
        boolean resolved = type == AlertType.ALERT_RESOLVED;
        List<Evidence> evidence = new ArrayList<>(d.evidence().size());
        for (Fact f : d.evidence()) {
            evidence.add(f.toEvidence());
        }
        return new Alert(
                Ids.alertId(type, key),
                type,
                d.action(),
                key.provider(),
                key.merchantId(),
                key.outTradeNo(),
                d.amountMinor() >= 0 ? d.amountMinor() : null,
                d.amountMinor() >= 0 ? d.currency() : null,
                d.verdict().name(),
                Instant.ofEpochMilli(d.decidedAt()),
                emittedAt,
                resolved ? MONEY_RETURNED : null,
                resolved ? Ids.alertId(AlertType.UNMATCHED_DEBIT, key) : null,
                d.reviewReason(),
                List.copyOf(evidence),
                terminal);
    }

    /** The refund request of a decision whose action is REFUND, else null. */
    public static RefundRequest refund(OrderKey key, Decision d) {
        if (d.action() != Action.REFUND || d.finding().alertType() == null) {
            return null;
        }
        return new RefundRequest(
                Ids.refundRequestId(key, d.debitTxnId()),
                Ids.alertId(d.finding().alertType(), key),
                key.provider(),
                key.merchantId(),
                key.outTradeNo(),
                d.debitTxnId(),
                d.amountMinor(),
                d.currency(),
                "customer debited but terminal verdict was " + d.verdict());
    }

    /**
     * The notifications of a decision: OPS for every alert ({@link Finding#tellsOps()}); MERCHANT
     * where {@link Finding#tellsMerchant()}.
     */
    public static List<Notification> notifications(OrderKey key, Decision d, Instant emittedAt) {
        List<Notification> out = new ArrayList<>(2);
        Finding finding = d.finding();
        String alertId = finding.alertType() == null ? null : Ids.alertId(finding.alertType(), key);
        if (finding.tellsOps()) {
            out.add(notification(Channel.OPS, key, d, alertId, emittedAt));
        }
        if (finding.tellsMerchant()) {
            out.add(notification(Channel.MERCHANT, key, d, alertId, emittedAt));
        }
        return out;
    }

    private static Notification notification(
            Channel channel, OrderKey key, Decision d, String alertId, Instant emittedAt) {
        String kind = d.finding().name();
        return new Notification(
                Ids.notificationId(channel, kind, key),
                channel,
                kind,
                key.provider(),
                key.merchantId(),
                key.outTradeNo(),
                d.finding().severity(),
                alertId,
                d.amountMinor() >= 0 ? d.amountMinor() : null,
                d.amountMinor() >= 0 ? d.currency() : null,
                Instant.ofEpochMilli(d.decidedAt()),
                emittedAt,
                Messages.text(channel, key, d));
    }

    /**
     * The OPS notification of a provider notice ({@link NoticeKind}): an authentic provider record
     * with no money effect, which never reaches the detector. No alert id; severity HIGH for
     * REFUND_ABNORMAL (someone must act), INFO otherwise; {@code decided_at} is the notice's event
     * time. Its id covers the refund number when there is one ({@link Ids#notificationId(Channel,
     * String, OrderKey, String)}), so a redelivered notice dedupes and two refunds of one order do
     * not.
     *
     * @param outRefundNo the refund the notice is about, or null
     * @param amountMinor the amount it is about, or null; shown only with a {@code currency}
     */
    public static Notification providerNotice(
            NoticeKind kind,
            OrderKey key,
            String outRefundNo,
            Long amountMinor,
            String currency,
            Instant decidedAt,
            Instant emittedAt) {
        String name = kind.name();
        // An amount is only shown with its currency.
        Long amount = currency == null ? null : amountMinor;
        return new Notification(
                Ids.notificationId(Channel.OPS, name, key, outRefundNo),
                Channel.OPS,
                name,
                key.provider(),
                key.merchantId(),
                key.outTradeNo(),
                severity(kind),
                null,
                amount,
                amount == null ? null : currency,
                decidedAt,
                emittedAt,
                Messages.noticeText(kind, key, outRefundNo, amount, currency));
    }

    static Severity severity(NoticeKind kind) {
        return kind == NoticeKind.REFUND_ABNORMAL ? Severity.HIGH : Severity.INFO;
    }
}
