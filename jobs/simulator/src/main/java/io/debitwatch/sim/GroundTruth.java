package io.debitwatch.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.OrderKey;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * The ground-truth lines of an order, as {@code ground-truth.ndjson} holds them: one JSON object
 * per line and fact, {@code record} ALERT, REFUND_REQUEST, EARLY_WARNING or DEAD_LETTER, with the
 * order key, story, type, action, amount and {@code decided_at} (UTC, like the job's outputs); a
 * dead letter says which stream and defect.
 */
public final class GroundTruth {

    private GroundTruth() {}

    public static void write(GeneratedOrder order, Writer truth) throws IOException {
        Expectation x = order.expectation();
        for (ExpectedAlert a : x.alerts()) {
            writeLine(
                    truth,
                    truthLine(
                            order,
                            "ALERT",
                            a.type().name(),
                            a.action().name(),
                            a.amountMinor(),
                            a.decidedAt()));
        }
        if (x.refund() != null) {
            ExpectedRefund r = x.refund();
            ObjectNode n =
                    truthLine(
                            order,
                            "REFUND_REQUEST",
                            "UNMATCHED_DEBIT",
                            "REFUND",
                            r.amountMinor(),
                            r.decidedAt());
            n.put("refund_request_id", r.refundRequestId());
            n.put("provider_txn_id", r.providerTxnId());
            writeLine(truth, n);
        }
        if (x.earlyWarningAt() != null) {
            writeLine(
                    truth,
                    truthLine(
                            order,
                            "EARLY_WARNING",
                            "EARLY_WARNING",
                            "NONE",
                            null,
                            x.earlyWarningAt()));
        }
        for (SimEvent e : order.events()) {
            if (e instanceof SimEvent.MalformedRecord m) {
                ObjectNode n = truthLine(order, "DEAD_LETTER", "DEAD_LETTER", null, null, null);
                n.put("stream", m.stream().name());
                n.put("defect", m.defect().name());
                writeLine(truth, n);
            }
        }
    }

    private static ObjectNode truthLine(
            GeneratedOrder order,
            String record,
            String type,
            String action,
            Long amountMinor,
            Instant decidedAt) {
        OrderKey k = order.key();
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("record", record);
        n.put("provider", k.provider().name());
        n.put("merchant_id", k.merchantId());
        n.put("out_trade_no", k.outTradeNo());
        n.put("story", order.kind().name());
        n.put("type", type);
        if (action != null) {
            n.put("action", action);
        }
        if (amountMinor != null) {
            n.put("amount_minor", amountMinor);
        }
        if (decidedAt != null) {
            n.put("decided_at", Json.formatInstant(decidedAt));
        }
        return n;
    }

    private static void writeLine(Writer truth, ObjectNode n) throws IOException {
        truth.write(Json.write(n));
        truth.write('\n');
    }
}
