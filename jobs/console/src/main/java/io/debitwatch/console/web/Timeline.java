package io.debitwatch.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.console.IncidentQueries.AlertRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An incident's evidence as one timeline in event time: the terminal and provider events its alerts
 * cite (each once, though several alerts may cite it) and the decisions the job took.
 */
public final class Timeline {

    /** One line: when, from where (TERMINAL, PROVIDER or DECISION), what, and its details. */
    public record Entry(Instant at, String source, String what, String detail) {}

    private Timeline() {}

    public static List<Entry> of(List<AlertRow> alerts) {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (AlertRow a : alerts) {
            for (JsonNode e : a.evidence()) {
                String id = e.path("event_id").asText();
                if (seen.add(id)) {
                    entries.add(evidence(e));
                }
            }
            entries.add(decision(a));
        }
        // Events before the decisions they led to, when they share an instant.
        entries.sort(
                Comparator.comparing(Entry::at, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(e -> e.source().equals("DECISION")));
        return entries;
    }

    private static Entry evidence(JsonNode e) {
        String what =
                e.path("type").asText()
                        + (e.hasNonNull("result") ? " " + e.path("result").asText() : "");
        List<String> detail = new ArrayList<>();
        if (e.hasNonNull("amount_minor") && e.hasNonNull("currency")) {
            detail.add(Formats.money(e.path("amount_minor").asLong(), e.path("currency").asText()));
        }
        if (e.hasNonNull("provider_txn_id")) {
            detail.add("provider txn " + e.path("provider_txn_id").asText());
        }
        if (e.hasNonNull("out_refund_no")) {
            detail.add("refund " + e.path("out_refund_no").asText());
        }
        if (e.hasNonNull("refund_amount_minor") && e.hasNonNull("currency")) {
            detail.add(
                    "refunded "
                            + Formats.money(
                                    e.path("refund_amount_minor").asLong(),
                                    e.path("currency").asText()));
        }
        detail.add("event " + e.path("event_id").asText());
        return new Entry(
                time(e.path("event_time")),
                e.path("stream").asText(),
                what,
                String.join(", ", detail));
    }

    private static Entry decision(AlertRow a) {
        List<String> detail = new ArrayList<>();
        detail.add("verdict " + a.verdict());
        if (a.reviewReason() != null) {
            detail.add("review: " + a.reviewReason());
        }
        if (a.resolution() != null) {
            detail.add("resolution " + a.resolution());
        }
        detail.add("alert " + a.alertId());
        return new Entry(
                a.decidedAt(),
                "DECISION",
                a.type() + " → " + a.action(),
                String.join(", ", detail));
    }

    private static Instant time(JsonNode node) {
        try {
            return node.isTextual() ? Instant.parse(node.asText()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
