package io.debitwatch.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import java.io.IOException;
import java.time.Instant;

/**
 * Parses and validates the two input formats of SPEC §3. It never throws on bad input: every
 * problem becomes a {@link Parsed.Bad} with a one-line reason naming the field. Unknown fields are
 * ignored so that producers can add some; unknown enum values are not.
 */
public final class EventParser {

    /** Larger records are dead letters without being parsed. */
    public static final int MAX_RECORD_CHARS = 16 * 1024;

    /** 100,000,000.00 in minor units: anything above is treated as corrupt, not as a payment. */
    public static final long MAX_AMOUNT_MINOR = 10_000_000_000L;

    private static final int MAX_ID_LENGTH = 64;
    private static final int MAX_EVENT_ID_LENGTH = 128;

    /** The field whose value is a payer identifier: a reason never quotes it. */
    private static final String PAYER_REF = "payer_ref";

    /** Earliest and latest acceptable event times: anything outside is corrupt, not a payment. */
    public static final Instant MIN_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z");

    public static final Instant MAX_EVENT_TIME = Instant.parse("2100-01-01T00:00:00Z");

    /**
     * Trailing data after the object (two records glued together) and duplicate keys (which of two
     * amounts is meant?) make a record ambiguous: it is a dead letter, not a guess.
     */
    private static final ObjectReader READER =
            Json.mapper()
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private EventParser() {}

    public static Parsed<TerminalEvent> parseTerminal(String raw) {
        try {
            JsonNode node = readObject(raw);
            TerminalEventType type = enumField(node, "type", TerminalEventType.class, true);
            TerminalResult result = enumField(node, "result", TerminalResult.class, false);
            switch (type) {
                case PAY_REQUEST -> {
                    if (result != null) {
                        throw new Invalid("PAY_REQUEST carries no result, got " + result);
                    }
                }
                case PAY_RESULT, QUERY_RESULT -> {
                    if (result == null) {
                        throw new Invalid("missing field result (required for " + type + ")");
                    }
                }
                case REVERSAL_RESULT -> {
                    if (result == null) {
                        throw new Invalid("missing field result (required for " + type + ")");
                    }
                    if (result != TerminalResult.SUCCESS && result != TerminalResult.FAILED) {
                        throw new Invalid(
                                "REVERSAL_RESULT result must be SUCCESS or FAILED, got " + result);
                    }
                }
            }
            Long amount = amountField(node, "amount_minor", type == TerminalEventType.PAY_REQUEST);
            String currency = currencyField(node, "currency", amount != null);
            if (amount == null && currency != null) {
                throw new Invalid("currency given without amount_minor");
            }
            return new Parsed.Ok<>(
                    new TerminalEvent(
                            idField(node, "event_id", MAX_EVENT_ID_LENGTH, true),
                            timeField(node, "event_time"),
                            enumField(node, "provider", Provider.class, true),
                            idField(node, "merchant_id", MAX_ID_LENGTH, true),
                            idField(node, "terminal_id", MAX_ID_LENGTH, true),
                            idField(node, "out_trade_no", MAX_ID_LENGTH, true),
                            type,
                            result,
                            amount,
                            currency,
                            idField(node, "error_code", MAX_ID_LENGTH, false),
                            idField(node, "store_id", MAX_ID_LENGTH, false),
                            idField(node, "app_version", MAX_ID_LENGTH, false)));
        } catch (Invalid e) {
            return new Parsed.Bad<>(e.getMessage());
        }
    }

    public static Parsed<ProviderEvent> parseProvider(String raw) {
        try {
            JsonNode node = readObject(raw);
            ProviderStatus status = enumField(node, "status", ProviderStatus.class, true);
            // An unpaid order that is closed or reversed may have no provider transaction.
            boolean moneyMoved =
                    status == ProviderStatus.DEBITED || status == ProviderStatus.REFUNDED;
            String txnId = idField(node, "provider_txn_id", MAX_ID_LENGTH, moneyMoved);
            boolean refund = status == ProviderStatus.REFUNDED;
            Long refundAmount = amountField(node, "refund_amount_minor", false);
            Long refundTotal = amountField(node, "refund_total_minor", false);
            // out_refund_no names this refund's amount: required with it, optional otherwise.
            String outRefundNo =
                    idField(node, "out_refund_no", MAX_ID_LENGTH, refundAmount != null);
            if (!refund && (refundAmount != null || refundTotal != null || outRefundNo != null)) {
                throw new Invalid("refund fields given on a " + status + " event");
            }
            if (refund && refundAmount == null && refundTotal == null) {
                throw new Invalid(
                        "missing field refund_amount_minor or refund_total_minor (required for"
                                + " REFUNDED)");
            }
            if (refundAmount != null && refundAmount == 0) {
                throw new Invalid("refund_amount_minor must be positive on REFUNDED");
            }
            if (refundTotal != null && refundTotal == 0) {
                throw new Invalid("refund_total_minor must be positive on REFUNDED");
            }
            return new Parsed.Ok<>(
                    new ProviderEvent(
                            idField(node, "event_id", MAX_EVENT_ID_LENGTH, true),
                            timeField(node, "event_time"),
                            enumField(node, "provider", Provider.class, true),
                            idField(node, "merchant_id", MAX_ID_LENGTH, true),
                            idField(node, "out_trade_no", MAX_ID_LENGTH, true),
                            txnId,
                            enumField(node, "source", ProviderSource.class, true),
                            status,
                            amountField(node, "amount_minor", true),
                            currencyField(node, "currency", true),
                            amountField(node, "payer_amount_minor", false),
                            refundAmount,
                            outRefundNo,
                            idField(node, PAYER_REF, MAX_EVENT_ID_LENGTH, false),
                            idField(node, "device_id", MAX_ID_LENGTH, false),
                            refundTotal));
        } catch (Invalid e) {
            return new Parsed.Bad<>(e.getMessage());
        }
    }

    private static JsonNode readObject(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new Invalid("empty record");
        }
        if (raw.length() > MAX_RECORD_CHARS) {
            throw new Invalid(
                    "oversize record: " + raw.length() + " chars, limit " + MAX_RECORD_CHARS);
        }
        JsonNode node;
        try {
            node = READER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new Invalid("not JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new Invalid("not a JSON object: " + describe(node));
        }
        return node;
    }

    private static JsonNode present(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new Invalid("missing field " + field);
            }
            return null;
        }
        return value;
    }

    private static String textField(JsonNode node, String field, boolean required) {
        JsonNode value = present(node, field, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            String got =
                    PAYER_REF.equals(field)
                            ? value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                            : describe(value);
            throw new Invalid(field + " must be a string, got " + got);
        }
        return value.textValue();
    }

    private static String idField(JsonNode node, String field, int maxLength, boolean required) {
        String value = textField(node, field, required);
        if (value == null) {
            return null;
        }
        String problem = FieldRules.idProblem(field, value, maxLength);
        if (problem != null) {
            throw new Invalid(problem);
        }
        return value;
    }

    private static String currencyField(JsonNode node, String field, boolean required) {
        String value = textField(node, field, required);
        if (value == null) {
            return null;
        }
        String problem = FieldRules.currencyProblem(field, value);
        if (problem != null) {
            throw new Invalid(problem);
        }
        return value;
    }

    private static Long amountField(JsonNode node, String field, boolean required) {
        JsonNode value = present(node, field, required);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw new Invalid(
                    field + " must be an integer number of minor units, got " + describe(value));
        }
        if (!value.canConvertToLong()) {
            throw new Invalid(field + " out of range: " + value.asText());
        }
        long amount = value.longValue();
        if (amount < 0) {
            throw new Invalid(field + " must not be negative, got " + amount);
        }
        if (amount > MAX_AMOUNT_MINOR) {
            throw new Invalid(
                    field
                            + " absurdly large: "
                            + amount
                            + " > "
                            + MAX_AMOUNT_MINOR
                            + " minor units");
        }
        return amount;
    }

    private static <E extends Enum<E>> E enumField(
            JsonNode node, String field, Class<E> type, boolean required) {
        String value = textField(node, field, required);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new Invalid("unknown " + field + " \"" + truncate(value, 40) + "\"");
        }
    }

    private static Instant timeField(JsonNode node, String field) {
        String value = textField(node, field, true);
        Instant t = parseTime(value);
        if (t == null) {
            throw new Invalid(
                    field
                            + " is not an ISO-8601 time with offset: \""
                            + truncate(value, 40)
                            + "\"");
        }
        if (t.isBefore(MIN_EVENT_TIME) || !t.isBefore(MAX_EVENT_TIME)) {
            throw new Invalid(
                    field + " out of range (2000 to 2099): \"" + truncate(value, 40) + "\"");
        }
        return t;
    }

    private static Instant parseTime(String value) {
        return IsoTime.parse(value);
    }

    /**
     * The event time of a raw record exactly as {@link #parseTerminal} and {@link #parseProvider}
     * would read it — the top-level {@code event_time}, escapes decoded, nested objects skipped —
     * in epoch millis, or {@code Long.MIN_VALUE} when the record has no usable one (it is then a
     * dead letter anyway). Cheaper than a full parse: it stops at the field.
     */
    public static long eventTimeMillis(String raw) {
        if (raw == null || raw.length() > MAX_RECORD_CHARS) {
            return Long.MIN_VALUE;
        }
        try (JsonParser p = Json.mapper().getFactory().createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Long.MIN_VALUE;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("event_time".equals(name)) {
                    if (value != JsonToken.VALUE_STRING) {
                        return Long.MIN_VALUE;
                    }
                    Instant t = parseTime(p.getText());
                    return t == null || t.isBefore(MIN_EVENT_TIME) || !t.isBefore(MAX_EVENT_TIME)
                            ? Long.MIN_VALUE
                            : t.toEpochMilli();
                }
                p.skipChildren();
            }
            return Long.MIN_VALUE;
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case STRING -> "string \"" + truncate(node.textValue(), 40) + "\"";
            case NUMBER -> "number " + node.asText();
            case BOOLEAN -> "boolean " + node.asText();
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unparseable";
        }
        int nl = message.indexOf('\n');
        return truncate(nl < 0 ? message : message.substring(0, nl), 120);
    }

    /** Control flow for validation failures; never leaves this class. */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
