package io.debitwatch.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * NDJSON lines of generated records, in the input format of SPEC §3. Event times carry the +08:00
 * offset that Chinese gateways stamp, not UTC, so the parser's offset handling is exercised.
 */
public final class Lines {

    private Lines() {}

    public static String line(SimEvent e) {
        // Java 17 has no pattern matching in switch; the interface is sealed to these three.
        if (e instanceof SimEvent.TerminalRecord t) {
            return Json.write(tree(t.event()));
        }
        if (e instanceof SimEvent.ProviderRecord p) {
            return Json.write(tree(p.event()));
        }
        return ((SimEvent.MalformedRecord) e).raw();
    }

    /** The JSON object of an event, with its event time at +08:00. */
    static ObjectNode tree(TerminalEvent e) {
        return withChinaTime(Json.mapper().valueToTree(e), e.eventTime());
    }

    static ObjectNode tree(ProviderEvent e) {
        return withChinaTime(Json.mapper().valueToTree(e), e.eventTime());
    }

    /** Always milliseconds, as gateways stamp them: {@code 2026-11-25T09:04:10.300+08:00}. */
    private static final DateTimeFormatter GATEWAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    static String chinaTime(Instant t) {
        return GATEWAY_TIME.format(OffsetDateTime.ofInstant(t, Formats.CHINA));
    }

    private static ObjectNode withChinaTime(ObjectNode node, Instant t) {
        // put() on an existing field keeps its position, so field order stays the record's.
        node.put("event_time", chinaTime(t));
        return node;
    }
}
