package io.debitwatch.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.detect.Ids;
import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.schema.Schemas.Example;
import io.debitwatch.core.schema.Schemas.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example under {@code schemas/examples} gets the verdict its folder names, from the schema
 * and, for the inputs, from {@link EventParser} as well; output examples are what the job writes.
 */
class SchemaExamplesTest {

    private static final int MIN_EXAMPLES = 3;

    static Stream<Example> validExamples() {
        return Schemas.allExamples(true);
    }

    static Stream<Example> invalidExamples() {
        return Schemas.allExamples(false);
    }

    static Stream<Example> validInputExamples() {
        return validExamples().filter(e -> e.kind().input);
    }

    static Stream<Example> invalidInputExamples() {
        return invalidExamples().filter(e -> e.kind().input);
    }

    static Stream<Example> validOutputExamples() {
        return validExamples().filter(e -> !e.kind().input);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void validExampleValidates(Example example) {
        assertThat(Schemas.errors(example.kind(), example.text()))
                .as("schema errors of %s", example)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void invalidExampleFails(Example example) {
        assertThat(Schemas.errors(example.kind(), example.text()))
                .as("schema errors of %s", example)
                .isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validInputExamples")
    void validInputExampleParses(Example example) {
        assertThat(parse(example.kind(), example.text()))
                .as("EventParser on %s", example)
                .isInstanceOf(Parsed.Ok.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputExamples")
    void invalidInputExampleIsADeadLetter(Example example) {
        assertThat(parse(example.kind(), example.text()))
                .as("EventParser on %s", example)
                .isInstanceOf(Parsed.Bad.class);
    }

    /** A parsed input, written back by the job's mapper, is still a valid input. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("validInputExamples")
    void parsedInputExampleWrittenBackValidates(Example example) {
        Parsed<?> parsed = parse(example.kind(), example.text());
        assertThat(parsed).isInstanceOf(Parsed.Ok.class);
        String written = Json.write(((Parsed.Ok<?>) parsed).value());
        assertThat(Schemas.errors(example.kind(), written))
                .as("schema errors of %s re-serialised as %s", example, written)
                .isEmpty();
    }

    /**
     * An output example reads into its record and writes back to the same JSON, which still
     * validates: the example is exactly what the job would write.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("validOutputExamples")
    void validOutputExampleRoundTripsThroughItsRecord(Example example) {
        Record value = Json.read(example.text(), example.kind().record);
        String written = Json.write(value);
        assertThat(Schemas.errors(example.kind(), written))
                .as("schema errors of %s re-serialised as %s", example, written)
                .isEmpty();
        assertThat(Schemas.readTree(written))
                .as("%s re-serialised", example)
                .isEqualTo(Schemas.readTree(example.text()));
    }

    /** The ids in the output examples are the ones the job derives from the order key. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("validOutputExamples")
    void validOutputExampleCarriesTheJobsIds(Example example) {
        JsonNode node = Schemas.readTree(example.text());
        if (example.kind() == Kind.DEAD_LETTER) {
            String raw = node.get("raw").asText();
            assertThat(DeadLetters.sanitize(raw))
                    .as("raw of %s must already be masked and bounded", example)
                    .isEqualTo(raw);
            return;
        }
        OrderKey key =
                new OrderKey(
                        Provider.valueOf(node.get("provider").asText()),
                        node.get("merchant_id").asText(),
                        node.get("out_trade_no").asText());
        switch (example.kind()) {
            case ALERT -> {
                AlertType type = AlertType.valueOf(node.get("type").asText());
                assertThat(node.get("alert_id").asText()).isEqualTo(Ids.alertId(type, key));
                if (node.has("resolves_alert_id")) {
                    assertThat(node.get("resolves_alert_id").asText())
                            .isEqualTo(Ids.alertId(AlertType.UNMATCHED_DEBIT, key));
                }
            }
            case REFUND_REQUEST -> {
                assertThat(node.get("refund_request_id").asText())
                        .isEqualTo(Ids.refundRequestId(key, node.get("provider_txn_id").asText()));
                assertThat(node.get("alert_id").asText())
                        .isEqualTo(Ids.alertId(AlertType.UNMATCHED_DEBIT, key));
            }
            case NOTIFICATION -> {
                Notification.Channel channel =
                        Notification.Channel.valueOf(node.get("channel").asText());
                String kind = node.get("kind").asText();
                assertThat(node.get("notification_id").asText())
                        .isEqualTo(Ids.notificationId(channel, kind, key));
                if (node.has("alert_id")) {
                    assertThat(node.get("alert_id").asText())
                            .isEqualTo(Ids.alertId(AlertType.valueOf(kind), key));
                }
            }
            case OPEN_ORDER -> {
                // No ids of its own: the order key, and its times in order.
                assertThat(node.get("t0").asText()).isLessThan(node.get("deadline").asText());
                assertThat(node.get("deadline").asText()).isLessThan(node.get("horizon").asText());
            }
            default -> throw new AssertionError("not an output: " + example);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void everySchemaHasSeveralValidAndInvalidExamples(Kind kind) throws IOException {
        assertThat(Schemas.examples(kind, true)).hasSizeGreaterThanOrEqualTo(MIN_EXAMPLES);
        assertThat(Schemas.examples(kind, false)).hasSizeGreaterThanOrEqualTo(MIN_EXAMPLES);
        List<String> names = new ArrayList<>();
        for (boolean valid : new boolean[] {true, false}) {
            try (Stream<Path> files = Files.list(kind.examples(valid))) {
                files.forEach(f -> names.add(f.getFileName().toString()));
            }
        }
        assertThat(names)
                .as("example files of %s: kebab-case .json names saying the case", kind)
                .allMatch(n -> n.matches("[a-z0-9]+(-[a-z0-9]+)*\\.json"));
    }

    /**
     * Where JSON Schema cannot say what the parser does. Pinned so that the README's list of
     * differences stays true: if one of these starts to agree, update the README and drop it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("knownDifferences")
    void knownDifferenceBetweenSchemaAndParser(
            String name, Kind kind, String json, boolean schemaValid, boolean parserOk) {
        List<String> errors = Schemas.errors(kind, json);
        if (schemaValid) {
            assertThat(errors).as("schema errors").isEmpty();
        } else {
            assertThat(errors).as("schema errors").isNotEmpty();
        }
        assertThat(parse(kind, json) instanceof Parsed.Ok).as("parser accepts").isEqualTo(parserOk);
    }

    static Stream<Arguments> knownDifferences() {
        String base =
                "{\"event_id\":\"tev-01JD8K2M4Q7S1\",\"event_time\":\"%s\",\"provider\":\"WECHAT\","
                        + "\"merchant_id\":\"%s\",\"terminal_id\":\"POS-SH-0231\","
                        + "\"out_trade_no\":\"DW20261125100512000187\",\"type\":\"PAY_REQUEST\","
                        + "\"amount_minor\":%s,\"currency\":\"CNY\"%s}";
        String time = "2026-11-25T10:05:12+08:00";
        String merchant = "1900012345";
        return Stream.of(
                Arguments.of(
                        "amount written with a fraction",
                        Kind.TERMINAL_EVENT,
                        base.formatted(time, merchant, "3850.0", ""),
                        true,
                        false),
                Arguments.of(
                        "amount written with an exponent",
                        Kind.TERMINAL_EVENT,
                        base.formatted(time, merchant, "3.85e3", ""),
                        true,
                        false),
                Arguments.of(
                        "record over the parser's size limit",
                        Kind.TERMINAL_EVENT,
                        base.formatted(
                                time,
                                merchant,
                                "3850",
                                ",\"note\":\"" + "x".repeat(EventParser.MAX_RECORD_CHARS) + "\""),
                        true,
                        false),
                Arguments.of(
                        "length counted in UTF-16 units by Java, code points by JSON Schema",
                        Kind.TERMINAL_EVENT,
                        base.formatted(time, "\uD83C\uDFEA".repeat(40), "3850", ""),
                        true,
                        false),
                Arguments.of(
                        "time without seconds",
                        Kind.TERMINAL_EVENT,
                        base.formatted("2026-11-25T10:05+08:00", merchant, "3850", ""),
                        false,
                        true),
                Arguments.of(
                        "offset with seconds",
                        Kind.TERMINAL_EVENT,
                        base.formatted("2026-11-25T10:05:12+08:00:00", merchant, "3850", ""),
                        false,
                        true));
    }

    private static Parsed<?> parse(Kind kind, String json) {
        return switch (kind) {
            case TERMINAL_EVENT -> EventParser.parseTerminal(json);
            case PROVIDER_EVENT -> EventParser.parseProvider(json);
            default -> throw new IllegalArgumentException("not an input schema: " + kind);
        };
    }
}
