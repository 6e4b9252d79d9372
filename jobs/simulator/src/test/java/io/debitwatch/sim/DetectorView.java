package io.debitwatch.sim;

import io.debitwatch.core.detect.Decision;
import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.detect.Outputs;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the detection core makes of a generated order, in the simulator's own terms. The events go
 * through their NDJSON lines and the parser first, so the files' format is part of what agrees.
 */
final class DetectorView {

    private DetectorView() {}

    static Expectation of(Detector detector, GeneratedOrder order) {
        List<Fact> facts = new ArrayList<>();
        int dead = 0;
        for (SimEvent e : order.events()) {
            String line = Lines.line(e);
            if (e.stream() == SimEvent.Stream.TERMINAL) {
                var p = EventParser.parseTerminal(line);
                if (p instanceof Parsed.Ok<?> ok) {
                    facts.add(Fact.of((TerminalEvent) ok.value()));
                } else {
                    dead++;
                }
            } else {
                var p = EventParser.parseProvider(line);
                if (p instanceof Parsed.Ok<?> ok) {
                    facts.add(Fact.of((ProviderEvent) ok.value()));
                } else {
                    dead++;
                }
            }
        }
        List<Decision> decisions = detector.decide(order.key().provider(), facts, Long.MAX_VALUE);
        List<ExpectedAlert> alerts = new ArrayList<>();
        ExpectedRefund refund = null;
        Instant early = null;
        for (Decision d : decisions) {
            Instant at = Instant.ofEpochMilli(d.decidedAt());
            if (d.finding() == Finding.EARLY_WARNING) {
                early = at;
                continue;
            }
            alerts.add(new ExpectedAlert(d.finding().alertType(), d.action(), d.amountMinor(), at));
            RefundRequest r = Outputs.refund(order.key(), d);
            if (r != null) {
                refund =
                        new ExpectedRefund(
                                r.refundRequestId(), r.providerTxnId(), r.amountMinor(), at);
            }
        }
        alerts.sort(
                (a, b) ->
                        a.decidedAt().equals(b.decidedAt())
                                ? a.type().compareTo(b.type())
                                : a.decidedAt().compareTo(b.decidedAt()));
        return new Expectation(alerts, refund, early, dead);
    }
}
