package io.debitwatch.providers;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The checks every notification adapter makes on a received record, and the one way a failed check
 * travels: an {@link Invalid} thrown inside {@link #guarded} becomes {@link Adapted.Rejected} with
 * its message as the reason; nothing else escapes an adapter.
 */
public final class RecordChecks {

    /** Strict: trailing data and duplicate keys make a record ambiguous. Thread-safe. */
    private static final ObjectReader STRICT_JSON =
            Json.mapper()
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private RecordChecks() {}

    /** A failed check; its message is the rejection reason (no key material, no payer id). */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Runs an adaptation: a failed check becomes its rejection, any other exception a rejection
     * naming only its class (a message might quote the record).
     */
    public static Adapted guarded(Supplier<Adapted> adaptation) {
        try {
            return adaptation.get();
        } catch (Invalid e) {
            return new Adapted.Rejected(Reasons.oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            return new Adapted.Rejected("internal: " + e.getClass().getName());
        }
    }

    /** {@code text} as a JSON object; {@code what} names it in reasons. */
    public static JsonNode readObject(String text, String what, int maxChars) {
        if (text == null || text.isBlank()) {
            throw new Invalid(what + " is empty");
        }
        if (text.length() > maxChars) {
            throw new Invalid(
                    "oversize " + what + ": " + text.length() + " chars, limit " + maxChars);
        }
        try {
            return object(STRICT_JSON.readTree(text), what);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the input (payer ids): the location only.
            throw new Invalid(what + " is not JSON" + where(e.getLocation()));
        }
    }

    /** UTF-8 bytes (e.g. decrypted text) as a JSON object. */
    public static JsonNode readObject(byte[] utf8, String what) {
        try {
            return object(STRICT_JSON.readTree(utf8), what);
        } catch (JsonProcessingException e) {
            throw new Invalid(what + " is not JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw new Invalid(what + " is not JSON");
        }
    }

    /**
     * The raw HTTP body a record carries as the JSON string {@code body}, as received.
     *
     * @param what what the body is, for the reason when it is no string
     */
    public static String body(JsonNode root, String what) {
        JsonNode v = root.get("body");
        if (v == null || v.isNull()) {
            throw new Invalid("missing field body");
        }
        if (!v.isTextual()) {
            throw new Invalid("body must be a string (" + what + ")");
        }
        return v.textValue();
    }

    /** {@code v}, if it meets the core's constraints on ids ({@link Reasons#idProblem}). */
    public static String checkId(String shown, String v, int max) {
        String problem = Reasons.idProblem(shown, v, max);
        if (problem != null) {
            throw new Invalid(problem);
        }
        return v;
    }

    /** {@code t}, if within the event times the core accepts (2000 to 2099). */
    public static Instant inRange(Instant t, String shown, String raw) {
        if (t.isBefore(EventParser.MIN_EVENT_TIME) || !t.isBefore(EventParser.MAX_EVENT_TIME)) {
            throw new Invalid(shown + " out of range (2000 to 2099): " + Reasons.quote(raw));
        }
        return t;
    }

    private static JsonNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new Invalid(what + " is not a JSON object");
        }
        return node;
    }

    private static String where(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0
                ? ""
                : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
}
