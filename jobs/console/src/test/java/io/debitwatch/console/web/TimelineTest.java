package io.debitwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.console.IncidentQueries.AlertRow;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Evidence;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final Instant T = Instant.parse("2026-11-25T02:00:00Z");

    @Test
    void mergesTheEvidenceOfEveryAlertOnceInEventTimeWithTheDecisions() {
        Evidence terminal =
                new Evidence(
                        "te-1",
                        Evidence.Stream.TERMINAL,
                        "PAY_RESULT",
                        "FAILED",
                        T.plusSeconds(5),
                        4000L,
                        "CNY",
                        null,
                        null,
                        null);
        Evidence debit =
                new Evidence(
                        "pe-1",
                        Evidence.Stream.PROVIDER,
                        "QUERY",
                        "DEBITED",
                        T.plusSeconds(2),
                        4000L,
                        "CNY",
                        "4200001",
                        null,
                        null);
        Evidence refund =
                new Evidence(
                        "pe-2",
                        Evidence.Stream.PROVIDER,
                        "REFUND_NOTIFY",
                        "REFUNDED",
                        T.plusSeconds(90),
                        null,
                        "CNY",
                        "4200001",
                        "R-1",
                        4000L);
        AlertRow unmatched =
                alert(
                        "UNMATCHED_DEBIT-1",
                        "UNMATCHED_DEBIT",
                        "REFUND",
                        T.plusSeconds(60),
                        debit,
                        terminal);
        AlertRow resolved =
                alert(
                        "ALERT_RESOLVED-1",
                        "ALERT_RESOLVED",
                        "NONE",
                        T.plusSeconds(95),
                        debit,
                        refund);

        List<Timeline.Entry> entries = Timeline.of(List.of(unmatched, resolved));

        assertThat(entries)
                .extracting(Timeline.Entry::source)
                .containsExactly("PROVIDER", "TERMINAL", "DECISION", "PROVIDER", "DECISION");
        assertThat(entries)
                .extracting(Timeline.Entry::what)
                .containsExactly(
                        "QUERY DEBITED",
                        "PAY_RESULT FAILED",
                        "UNMATCHED_DEBIT → REFUND",
                        "REFUND_NOTIFY REFUNDED",
                        "ALERT_RESOLVED → NONE");
        assertThat(entries.get(0).detail())
                .contains("40.00 CNY", "provider txn 4200001", "event pe-1");
        assertThat(entries.get(3).detail()).contains("refund R-1", "refunded 40.00 CNY");
        assertThat(entries.get(2).detail()).contains("verdict FAILED");
    }

    private static AlertRow alert(
            String id, String type, String action, Instant at, Evidence... evidence) {
        JsonNode ev = Json.mapper().valueToTree(List.of(evidence));
        return new AlertRow(id, type, action, "FAILED", null, null, null, 4000L, "CNY", at, at, ev);
    }
}
