package io.debitwatch.providers.statement;

import static io.debitwatch.providers.statement.StatementAssertions.PAYER_IDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.Decision;
import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The property the replay relies on: the detector decides the same findings from terminal events
 * plus a statement file as from terminal events plus the equivalent normalised provider events.
 */
class BillReplayAgreementTest {

    private static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");
    private static final Detector DETECTOR = new Detector(DetectorConfig.defaults());

    /** What a decision says, without the ids of the evidence (those differ by source). */
    private record Outcome(
            Finding finding,
            long decidedAt,
            String action,
            long amountMinor,
            String currency,
            String verdict,
            String debitTxnId) {}

    private static Instant at(Duration d) {
        return T0.plus(d);
    }

    private static TerminalEvent terminal(
            Provider provider, String merchant, String order, Instant t, TerminalResult result) {
        return new TerminalEvent(
                "t-" + order + "-" + t.toEpochMilli(),
                t,
                provider,
                merchant,
                "POS-7",
                order,
                TerminalEventType.PAY_RESULT,
                result,
                1234L,
                "CNY",
                null,
                null,
                null);
    }

    private static ProviderEvent provider(
            Provider provider,
            String merchant,
            String order,
            Instant t,
            ProviderStatus status,
            Long refund,
            String refundNo) {
        String txn =
                (provider == Provider.WECHAT ? "42000000002026112500000" : "20261125220014000000")
                        + order.substring(order.length() - 3);
        return new ProviderEvent(
                "p-" + order + "-" + status + "-" + t.toEpochMilli(),
                t,
                provider,
                merchant,
                order,
                txn,
                ProviderSource.NOTIFY,
                status,
                1234,
                "CNY",
                status == ProviderStatus.DEBITED ? 1234L : null,
                refund,
                refundNo,
                null,
                null);
    }

    private static Map<OrderKey, List<Outcome>> decide(
            List<TerminalEvent> terminal, List<ProviderEvent> providerEvents) {
        Map<OrderKey, List<Fact>> facts = new LinkedHashMap<>();
        Map<OrderKey, Provider> providers = new LinkedHashMap<>();
        for (TerminalEvent e : terminal) {
            facts.computeIfAbsent(e.orderKey(), k -> new ArrayList<>()).add(Fact.of(e));
            providers.put(e.orderKey(), e.provider());
        }
        for (ProviderEvent e : providerEvents) {
            facts.computeIfAbsent(e.orderKey(), k -> new ArrayList<>()).add(Fact.of(e));
            providers.put(e.orderKey(), e.provider());
        }
        Map<OrderKey, List<Outcome>> out = new LinkedHashMap<>();
        for (Map.Entry<OrderKey, List<Fact>> o : facts.entrySet()) {
            List<Outcome> outcomes = new ArrayList<>();
            for (Decision d :
                    DETECTOR.decide(providers.get(o.getKey()), o.getValue(), Long.MAX_VALUE)) {
                outcomes.add(
                        new Outcome(
                                d.finding(),
                                d.decidedAt(),
                                String.valueOf(d.action()),
                                d.amountMinor(),
                                d.currency(),
                                String.valueOf(d.verdict()),
                                d.debitTxnId()));
            }
            out.put(o.getKey(), outcomes);
        }
        return out;
    }

    @Test
    void weChatBillPlusTerminalEventsDecidesLikeTheNormalisedEvents() throws IOException {
        Provider wx = Provider.WECHAT;
        String m = "1900000109";
        List<TerminalEvent> terminal =
                List.of(
                        terminal(
                                wx, m, "DW-001", at(Duration.ofSeconds(10)), TerminalResult.FAILED),
                        terminal(
                                wx,
                                m,
                                "DW-002",
                                at(Duration.ofSeconds(30)),
                                TerminalResult.TIMEOUT),
                        terminal(
                                wx, m, "DW-003", at(Duration.ofSeconds(8)), TerminalResult.SUCCESS),
                        terminal(
                                wx, m, "DW-004", at(Duration.ofSeconds(9)), TerminalResult.FAILED));
        List<ProviderEvent> normalised =
                List.of(
                        // Debited while the POS showed FAILED: unmatched debit, refund.
                        provider(
                                wx,
                                m,
                                "DW-001",
                                at(Duration.ofSeconds(5)),
                                ProviderStatus.DEBITED,
                                null,
                                null),
                        // Debited, POS timed out, the merchant refunded a part two hours later.
                        provider(
                                wx,
                                m,
                                "DW-002",
                                at(Duration.ofSeconds(20)),
                                ProviderStatus.DEBITED,
                                null,
                                null),
                        provider(
                                wx,
                                m,
                                "DW-002",
                                at(Duration.ofHours(2)),
                                ProviderStatus.REFUNDED,
                                234L,
                                "RF-002"),
                        // A normal sale.
                        provider(
                                wx,
                                m,
                                "DW-003",
                                at(Duration.ofSeconds(6)),
                                ProviderStatus.DEBITED,
                                null,
                                null),
                        // Debited, then reversed after the deadline: money back.
                        provider(
                                wx,
                                m,
                                "DW-004",
                                at(Duration.ofSeconds(7)),
                                ProviderStatus.DEBITED,
                                null,
                                null),
                        provider(
                                wx,
                                m,
                                "DW-004",
                                at(Duration.ofMinutes(5)),
                                ProviderStatus.REVERSED,
                                null,
                                null),
                        // No terminal record at all.
                        provider(
                                wx,
                                m,
                                "DW-005",
                                at(Duration.ofSeconds(3)),
                                ProviderStatus.DEBITED,
                                null,
                                null));

        StringWriter bill = new StringWriter();
        WeChatTradeBillWriter.write(normalised, bill);
        StatementResult parsed =
                WeChatTradeBill.parse(
                        new ByteArrayInputStream(bill.toString().getBytes(StandardCharsets.UTF_8)),
                        "bill.csv",
                        PAYER_IDS);
        assertThat(parsed.complete()).isTrue();

        Map<OrderKey, List<Outcome>> expected = decide(terminal, normalised);
        Map<OrderKey, List<Outcome>> actual = decide(terminal, parsed.events());

        assertThat(actual).isEqualTo(expected);
        assertThat(expected.values().stream().flatMap(List::stream).map(Outcome::finding))
                .contains(Finding.UNMATCHED_DEBIT);
    }

    @Test
    void alipayStatementPlusTerminalEventsDecidesLikeTheNormalisedEvents() throws IOException {
        Provider ali = Provider.ALIPAY;
        String m = "2088102146225135";
        List<TerminalEvent> terminal =
                List.of(
                        terminal(
                                ali,
                                m,
                                "AL-001",
                                at(Duration.ofSeconds(10)),
                                TerminalResult.FAILED),
                        terminal(
                                ali,
                                m,
                                "AL-002",
                                at(Duration.ofSeconds(12)),
                                TerminalResult.FAILED),
                        terminal(
                                ali,
                                m,
                                "AL-003",
                                at(Duration.ofSeconds(8)),
                                TerminalResult.SUCCESS));
        List<ProviderEvent> normalised =
                List.of(
                        provider(
                                ali,
                                m,
                                "AL-001",
                                at(Duration.ofSeconds(5)),
                                ProviderStatus.DEBITED,
                                null,
                                null),
                        provider(
                                ali,
                                m,
                                "AL-002",
                                at(Duration.ofSeconds(6)),
                                ProviderStatus.DEBITED,
                                null,
                                null),
                        provider(
                                ali,
                                m,
                                "AL-002",
                                at(Duration.ofMinutes(30)),
                                ProviderStatus.REFUNDED,
                                1234L,
                                "RF-AL-002"),
                        provider(
                                ali,
                                m,
                                "AL-003",
                                at(Duration.ofSeconds(6)),
                                ProviderStatus.DEBITED,
                                null,
                                null));

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        AlipayStatementWriter.write(normalised, "20881021462251350156", file);
        StatementResult parsed =
                AlipayStatement.parse(
                        new ByteArrayInputStream(file.toByteArray()), "ali.csv", PAYER_IDS);
        assertThat(parsed.complete()).isTrue();

        Map<OrderKey, List<Outcome>> expected = decide(terminal, normalised);
        Map<OrderKey, List<Outcome>> actual = decide(terminal, parsed.events());

        assertThat(actual).isEqualTo(expected);
        assertThat(expected.values().stream().flatMap(List::stream).map(Outcome::finding))
                .contains(Finding.UNMATCHED_DEBIT);
    }
}
