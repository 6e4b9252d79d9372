package io.debitwatch.providers.statement;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Shared checks and fixtures of the statement tests. */
final class StatementAssertions {

    static final PayerIds PAYER_IDS =
            PayerIds.hmac("statement-test-secret-0123456789".getBytes(StandardCharsets.UTF_8));

    private StatementAssertions() {}

    /** Every event passes the core's own validation of normalised provider events. */
    static void coreAccepts(List<ProviderEvent> events) {
        for (ProviderEvent e : events) {
            Parsed<ProviderEvent> parsed = EventParser.parseProvider(Json.write(e));
            assertThat(parsed).as("core accepts %s", e.eventId()).isInstanceOf(Parsed.Ok.class);
            assertThat(((Parsed.Ok<ProviderEvent>) parsed).value()).isEqualTo(e);
        }
    }

    /** Everything the result can put out, as text: events, notices, reasons, raws, dead letters. */
    static String allOutput(StatementResult result) {
        List<String> out = new ArrayList<>();
        for (StatementResult.Row r : result.rows()) {
            out.add(r.raw());
            out.add(String.valueOf(r.outcome()));
            if (r.outcome() instanceof Adapted.Events e) {
                e.events().forEach(ev -> out.add(Json.write(ev)));
            }
        }
        result.problems().forEach(p -> out.add(p.reason() + "\n" + p.raw()));
        for (DeadLetter d : result.deadLetters()) {
            out.add(Json.write(d));
        }
        return String.join("\n", out);
    }

    static String reason(StatementResult.Row row) {
        assertThat(row.outcome()).isInstanceOf(Adapted.Rejected.class);
        return ((Adapted.Rejected) row.outcome()).reason();
    }

    static ProviderEvent event(StatementResult.Row row) {
        assertThat(row.outcome()).isInstanceOf(Adapted.Events.class);
        List<ProviderEvent> events = ((Adapted.Events) row.outcome()).events();
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
