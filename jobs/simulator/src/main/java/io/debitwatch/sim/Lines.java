package io.debitwatch.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * NDJSON lines of generated records, in the input format of SPEC §3. Event times carry the +08:00
 * offset that Chinese gateways stamp, not UTC, so the parser's offset handling is exercised.
 */
public final class Lines {

    /** Always milliseconds, as gateways stamp them: {@code 2026-11-25T09:04:10.300+08:00}. */
    private static final DateTimeFormatter GATEWAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    /** Writer attribute: the instant to write instead of the event's own (a restamped record). */
    private static final Object STAMP = new Object();

    private static final ObjectMapper GATEWAY = gatewayMapper();

    private Lines() {}

    public static String line(SimEvent e) {
        try {
            // Java 17 has no pattern matching in switch; the interface is sealed to these three.
            if (e instanceof SimEvent.TerminalRecord t) {
                return GATEWAY.writeValueAsString(t.event());
            }
            if (e instanceof SimEvent.ProviderRecord p) {
                return GATEWAY.writeValueAsString(p.event());
            }
        } catch (JsonProcessingException x) {
            throw new UncheckedIOException(x);
        }
        return ((SimEvent.MalformedRecord) e).raw();
    }

    /**
     * The line of a valid record with its event time moved to {@code eventMillis}, as a feed that
     * stamps records when it sends them writes it.
     */
    public static String lineAt(SimEvent e, long eventMillis) {
        Object event =
                e instanceof SimEvent.TerminalRecord t
                        ? t.event()
                        : ((SimEvent.ProviderRecord) e).event();
        try {
            return GATEWAY.writer()
                    .withAttribute(STAMP, Instant.ofEpochMilli(eventMillis))
                    .writeValueAsString(event);
        } catch (JsonProcessingException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** The JSON object of an event, with its event time at +08:00. */
    static ObjectNode tree(TerminalEvent e) {
        return GATEWAY.valueToTree(e);
    }

    static ObjectNode tree(ProviderEvent e) {
        return GATEWAY.valueToTree(e);
    }

    static String chinaTime(Instant t) {
        return GATEWAY_TIME.format(OffsetDateTime.ofInstant(t, Formats.CHINA));
    }

    /**
     * The one mapper ({@link Json}), with instants written as gateways stamp them. The events' only
     * instant is their event time.
     */
    private static ObjectMapper gatewayMapper() {
        SimpleModule china = new SimpleModule("debitwatch-gateway-time");
        china.addSerializer(
                Instant.class,
                new JsonSerializer<>() {
                    @Override
                    public void serialize(Instant value, JsonGenerator gen, SerializerProvider sp)
                            throws IOException {
                        Object stamp = sp.getAttribute(STAMP);
                        gen.writeString(chinaTime(stamp == null ? value : (Instant) stamp));
                    }
                });
        return Json.mapper().copy().registerModule(china);
    }
}
