package io.debitwatch.providers.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.IsoTime;
import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.RecordChecks;
import io.debitwatch.providers.RecordChecks.Invalid;
import io.debitwatch.providers.Yuan;
import java.time.Instant;

/**
 * Typed fields of the JSON objects of a WeChat Pay notification. Each reads {@code field} of an
 * object and names it {@code shown} (its path, e.g. {@code amount.total}) in the {@link Invalid} it
 * throws for a field that is missing (when required) or of the wrong type or value.
 */
final class JsonFields {

    /** The core's limit on ids. */
    static final int MAX_ID = 64;

    private JsonFields() {}

    /** The field's value, or null when it is absent (an error if {@code required}). */
    static JsonNode present(JsonNode o, String field, String shown, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new Invalid("missing field " + shown);
            }
            return null;
        }
        return v;
    }

    static JsonNode object(JsonNode o, String field, String shown, boolean required) {
        JsonNode v = present(o, field, shown, required);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw new Invalid(shown + " must be an object");
        }
        return v;
    }

    static String optionalText(JsonNode o, String field, String shown) {
        JsonNode v = present(o, field, shown, false);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid(shown + " must be a string");
        }
        return v.textValue();
    }

    static String requiredText(JsonNode o, String field, String shown) {
        String v = optionalText(o, field, shown);
        if (v == null) {
            throw new Invalid("missing field " + shown);
        }
        if (v.isBlank()) {
            throw new Invalid(shown + " must not be empty");
        }
        return v;
    }

    static String id(JsonNode o, String field, String shown) {
        return RecordChecks.checkId(shown, requiredText(o, field, shown), MAX_ID);
    }

    static Long amount(JsonNode o, String field, String shown, boolean required) {
        JsonNode v = present(o, field, shown, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw new Invalid(shown + " must be an integer number of fen");
        }
        if (!v.canConvertToLong() || v.longValue() > Yuan.MAX_FEN) {
            throw new Invalid(shown + " absurdly large (above " + Yuan.MAX_FEN + " fen)");
        }
        if (v.longValue() < 0) {
            throw new Invalid(shown + " must not be negative, got " + v.longValue());
        }
        return v.longValue();
    }

    static Instant isoTime(JsonNode o, String field, String shown, boolean required) {
        present(o, field, shown, required);
        String v = optionalText(o, field, shown);
        if (v == null) {
            return null;
        }
        Instant t = IsoTime.parse(v);
        if (t == null) {
            throw new Invalid(shown + " is not an ISO-8601 time with offset: " + Reasons.quote(v));
        }
        return RecordChecks.inRange(t, shown, v);
    }
}
