package io.debitwatch.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {

    private static final String TERMINAL =
            """
            {"event_id":"t-1","event_time":"2026-11-25T10:00:00.125+08:00","provider":"WECHAT",\
            "merchant_id":"1900000109","terminal_id":"pos-7","out_trade_no":"o-1",\
            "type":"PAY_RESULT","result":"FAILED","amount_minor":1234,"currency":"CNY",\
            "error_code":"SYSTEMERROR","store_id":"store-1","app_version":"5.2.1"}""";

    private static final String PROVIDER =
            """
            {"event_id":"p-1","event_time":"2026-11-25T02:00:05Z","provider":"ALIPAY",\
            "merchant_id":"2088102146225135","out_trade_no":"o-1",\
            "provider_txn_id":"2026112522001408391234567890","source":"NOTIFY",\
            "status":"DEBITED","amount_minor":1234,"currency":"CNY","payer_amount_minor":1000,\
            "payer_ref":"2088102122524333","device_id":"dev-1"}""";

    private static final String REFUND =
            """
            {"event_id":"p-2","event_time":"2026-11-25T03:00:00Z","provider":"WECHAT",\
            "merchant_id":"1900000109","out_trade_no":"o-1",\
            "provider_txn_id":"4200001234202611250000000001","source":"QUERY",\
            "status":"REFUNDED","amount_minor":1234,"currency":"CNY",\
            "refund_amount_minor":234,"out_refund_no":"dwr-0123"}""";

    // ---- helpers -----------------------------------------------------------------------------

    private static String edit(String json, Consumer<ObjectNode> change) {
        ObjectNode node =
                (ObjectNode) Json.read(json, com.fasterxml.jackson.databind.JsonNode.class);
        change.accept(node);
        return Json.write(node);
    }

    private static String badTerminal(String raw) {
        return reasonOf(EventParser.parseTerminal(raw));
    }

    private static String badProvider(String raw) {
        return reasonOf(EventParser.parseProvider(raw));
    }

    /** The reason of a Bad result: exactly one, non-blank, one line. */
    private static String reasonOf(Parsed<?> parsed) {
        assertThat(parsed).isInstanceOf(Parsed.Bad.class);
        String reason = ((Parsed.Bad<?>) parsed).reason();
        assertThat(reason).isNotBlank().doesNotContain("\n").hasSizeLessThan(300);
        return reason;
    }

    private static <T> T ok(Parsed<T> parsed) {
        assertThat(parsed).isInstanceOf(Parsed.Ok.class);
        return ((Parsed.Ok<T>) parsed).value();
    }

    // ---- valid events ------------------------------------------------------------------------

    @Test
    void parsesAValidTerminalEvent() {
        TerminalEvent e = ok(EventParser.parseTerminal(TERMINAL));

        assertThat(e)
                .isEqualTo(
                        new TerminalEvent(
                                "t-1",
                                Instant.parse("2026-11-25T02:00:00.125Z"),
                                Provider.WECHAT,
                                "1900000109",
                                "pos-7",
                                "o-1",
                                TerminalEventType.PAY_RESULT,
                                TerminalResult.FAILED,
                                1234L,
                                "CNY",
                                "SYSTEMERROR",
                                "store-1",
                                "5.2.1"));
    }

    @Test
    void parsesAPayRequestWithoutResultAndAReversalWithoutAmount() {
        TerminalEvent request =
                ok(
                        EventParser.parseTerminal(
                                edit(
                                        TERMINAL,
                                        n -> {
                                            n.put("type", "PAY_REQUEST");
                                            n.remove("result");
                                            n.remove("error_code");
                                        })));
        TerminalEvent reversal =
                ok(
                        EventParser.parseTerminal(
                                edit(
                                        TERMINAL,
                                        n -> {
                                            n.put("type", "REVERSAL_RESULT");
                                            n.put("result", "SUCCESS");
                                            n.remove("amount_minor");
                                            n.remove("currency");
                                        })));

        assertThat(request.type()).isEqualTo(TerminalEventType.PAY_REQUEST);
        assertThat(request.result()).isNull();
        assertThat(request.amountMinor()).isEqualTo(1234L);
        assertThat(reversal.result()).isEqualTo(TerminalResult.SUCCESS);
        assertThat(reversal.amountMinor()).isNull();
        assertThat(reversal.currency()).isNull();
    }

    @Test
    void ignoresUnknownFields() {
        TerminalEvent e = ok(EventParser.parseTerminal(edit(TERMINAL, n -> n.put("shiny_new", 1))));

        assertThat(e.eventId()).isEqualTo("t-1");
    }

    @Test
    void parsesAValidProviderEvent() {
        ProviderEvent e = ok(EventParser.parseProvider(PROVIDER));

        assertThat(e)
                .isEqualTo(
                        new ProviderEvent(
                                "p-1",
                                Instant.parse("2026-11-25T02:00:05Z"),
                                Provider.ALIPAY,
                                "2088102146225135",
                                "o-1",
                                "2026112522001408391234567890",
                                ProviderSource.NOTIFY,
                                ProviderStatus.DEBITED,
                                1234,
                                "CNY",
                                1000L,
                                null,
                                null,
                                "2088102122524333",
                                "dev-1"));
    }

    @Test
    void parsesARefundAndAClosedOrderWithoutTransaction() {
        ProviderEvent refund = ok(EventParser.parseProvider(REFUND));
        ProviderEvent closed =
                ok(
                        EventParser.parseProvider(
                                edit(
                                        PROVIDER,
                                        n -> {
                                            n.put("status", "CLOSED");
                                            n.remove("provider_txn_id");
                                        })));

        assertThat(refund.status()).isEqualTo(ProviderStatus.REFUNDED);
        assertThat(refund.refundAmountMinor()).isEqualTo(234L);
        assertThat(refund.outRefundNo()).isEqualTo("dwr-0123");
        assertThat(closed.status()).isEqualTo(ProviderStatus.CLOSED);
        assertThat(closed.providerTxnId()).isNull();
    }

    @Test
    void acceptsTheLargestSaneAmount() {
        ProviderEvent e =
                ok(
                        EventParser.parseProvider(
                                edit(
                                        PROVIDER,
                                        n -> n.put("amount_minor", EventParser.MAX_AMOUNT_MINOR))));

        assertThat(e.amountMinor()).isEqualTo(EventParser.MAX_AMOUNT_MINOR);
    }

    // ---- malformed input ---------------------------------------------------------------------

    @Test
    void rejectsWhatIsNotJson() {
        assertThat(badTerminal("{\"event_id\": ")).startsWith("not JSON");
        assertThat(badProvider("hello world")).startsWith("not JSON");
    }

    @Test
    void rejectsTrailingDataRatherThanDroppingIt() {
        // two records glued together: neither may be taken silently for the whole line
        assertThat(badTerminal(TERMINAL + TERMINAL)).startsWith("not JSON");
        assertThat(badProvider(PROVIDER + " x")).startsWith("not JSON");
        assertThat(badProvider(PROVIDER + "}")).startsWith("not JSON");
        // trailing white space is fine
        assertThat(EventParser.parseProvider(PROVIDER + " \n")).isInstanceOf(Parsed.Ok.class);
    }

    @Test
    void aWronglyTypedPayerRefIsNotQuotedInTheReason() {
        String reason = badProvider(edit(PROVIDER, n -> n.put("payer_ref", 2088102122524333L)));

        assertThat(reason)
                .contains("payer_ref must be a string")
                .doesNotContain("2088102122524333");
    }

    @Test
    void rejectsAnEmptyRecord() {
        assertThat(badTerminal("")).isEqualTo("empty record");
        assertThat(badProvider("   ")).isEqualTo("empty record");
        assertThat(badProvider(null)).isEqualTo("empty record");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThat(badTerminal("[" + TERMINAL + "]")).isEqualTo("not a JSON object: array");
        assertThat(badProvider("\"DEBITED\"")).isEqualTo("not a JSON object: string \"DEBITED\"");
        assertThat(badProvider("42")).isEqualTo("not a JSON object: number 42");
        assertThat(badProvider("null")).startsWith("not a JSON object");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "event_id",
                "event_time",
                "provider",
                "merchant_id",
                "terminal_id",
                "out_trade_no",
                "type",
                "result"
            })
    void rejectsATerminalEventWithAMissingField(String field) {
        assertThat(badTerminal(edit(TERMINAL, n -> n.remove(field)))).contains(field);
        assertThat(badTerminal(edit(TERMINAL, n -> n.putNull(field)))).contains(field);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "event_id",
                "event_time",
                "provider",
                "merchant_id",
                "out_trade_no",
                "provider_txn_id",
                "source",
                "status",
                "amount_minor",
                "currency"
            })
    void rejectsADebitWithAMissingField(String field) {
        assertThat(badProvider(edit(PROVIDER, n -> n.remove(field))))
                .isEqualTo("missing field " + field);
    }

    @Test
    void rejectsAnAmountGivenAsString() {
        assertThat(badProvider(edit(PROVIDER, n -> n.put("amount_minor", "1234"))))
                .contains("amount_minor")
                .contains("integer")
                .contains("string");
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("amount_minor", "12.34"))))
                .contains("amount_minor");
    }

    @Test
    void rejectsAnAmountGivenAsFloat() {
        assertThat(badProvider(edit(PROVIDER, n -> n.put("amount_minor", 12.5))))
                .isEqualTo(
                        "amount_minor must be an integer number of minor units, got number 12.5");
        assertThat(
                        badProvider(
                                PROVIDER.replace(
                                        "\"amount_minor\":1234", "\"amount_minor\":1234.0")))
                .contains("amount_minor must be an integer");
    }

    @Test
    void rejectsOtherWronglyTypedFields() {
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("merchant_id", 1900000109))))
                .isEqualTo("merchant_id must be a string, got number 1900000109");
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("provider", true))))
                .contains("provider must be a string");
        assertThat(badProvider(edit(PROVIDER, n -> n.putArray("status"))))
                .isEqualTo("status must be a string, got array");
        assertThat(badProvider(edit(PROVIDER, n -> n.put("currency", "cny"))))
                .contains("currency")
                .contains("ISO-4217");
    }

    @Test
    void rejectsUnknownEnumValues() {
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("provider", "PAYPAL"))))
                .isEqualTo("unknown provider \"PAYPAL\"");
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("result", "success"))))
                .isEqualTo("unknown result \"success\"");
        assertThat(badProvider(edit(PROVIDER, n -> n.put("status", "TRADE_FINISHED"))))
                .isEqualTo("unknown status \"TRADE_FINISHED\"");
        assertThat(badProvider(edit(PROVIDER, n -> n.put("source", "EMAIL"))))
                .isEqualTo("unknown source \"EMAIL\"");
    }

    @Test
    void rejectsNegativeAmounts() {
        assertThat(badProvider(edit(PROVIDER, n -> n.put("amount_minor", -1))))
                .isEqualTo("amount_minor must not be negative, got -1");
        assertThat(badProvider(edit(REFUND, n -> n.put("refund_amount_minor", -234))))
                .contains("refund_amount_minor must not be negative");
    }

    @Test
    void rejectsAbsurdAmounts() {
        assertThat(
                        badProvider(
                                edit(
                                        PROVIDER,
                                        n ->
                                                n.put(
                                                        "amount_minor",
                                                        EventParser.MAX_AMOUNT_MINOR + 1))))
                .contains("amount_minor absurdly large");
        assertThat(
                        badTerminal(
                                TERMINAL.replace(
                                        "\"amount_minor\":1234",
                                        "\"amount_minor\":123456789012345678901234567890")))
                .contains("amount_minor out of range");
    }

    @Test
    void rejectsUnparseableTimes() {
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("event_time", "yesterday"))))
                .isEqualTo("event_time is not an ISO-8601 time with offset: \"yesterday\"");
        assertThat(badProvider(edit(PROVIDER, n -> n.put("event_time", "2026-11-25 10:00:00"))))
                .startsWith("event_time is not an ISO-8601 time with offset");
        assertThat(badProvider(edit(PROVIDER, n -> n.put("event_time", 1764036000000L))))
                .contains("event_time must be a string");
    }

    @Test
    void rejectsATimeWithoutOffset() {
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("event_time", "2026-11-25T10:00:00"))))
                .isEqualTo(
                        "event_time is not an ISO-8601 time with offset: \"2026-11-25T10:00:00\"");
    }

    @Test
    void rejectsAnOversizeRecordWithoutParsingIt() {
        String padded =
                edit(TERMINAL, n -> n.put("padding", "x".repeat(EventParser.MAX_RECORD_CHARS)));
        String notEvenJson = "{".repeat(EventParser.MAX_RECORD_CHARS + 1);

        assertThat(badTerminal(padded))
                .startsWith("oversize record: " + padded.length() + " chars");
        assertThat(badProvider(notEvenJson)).startsWith("oversize record");
    }

    @Test
    void rejectsAPayRequestWithAResult() {
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("type", "PAY_REQUEST"))))
                .isEqualTo("PAY_REQUEST carries no result, got FAILED");
    }

    @Test
    void rejectsAReversalWithAPaymentResult() {
        assertThat(
                        badTerminal(
                                edit(
                                        TERMINAL,
                                        n -> {
                                            n.put("type", "REVERSAL_RESULT");
                                            n.put("result", "TIMEOUT");
                                        })))
                .contains("REVERSAL_RESULT result must be SUCCESS or FAILED");
    }

    @Test
    void rejectsARefundWithoutRefundNumber() {
        assertThat(badProvider(edit(REFUND, n -> n.remove("out_refund_no"))))
                .isEqualTo("missing field out_refund_no");
        assertThat(badProvider(edit(REFUND, n -> n.remove("refund_amount_minor"))))
                .isEqualTo(
                        "missing field refund_amount_minor or refund_total_minor (required for"
                                + " REFUNDED)");
    }

    @Test
    void acceptsARefundThatGivesOnlyTheCumulativeTotal() {
        String line =
                edit(
                        REFUND,
                        n -> {
                            n.remove("refund_amount_minor");
                            n.remove("out_refund_no");
                            n.put("refund_total_minor", 900);
                        });
        ProviderEvent e = ((Parsed.Ok<ProviderEvent>) EventParser.parseProvider(line)).value();
        assertThat(e.refundTotalMinor()).isEqualTo(900L);
        assertThat(e.refundAmountMinor()).isNull();
        assertThat(Fact.of(e).refundTotal()).isEqualTo(900L);
    }

    @Test
    void rejectsARefundTotalOfZeroOrOnAnotherStatus() {
        assertThat(badProvider(edit(REFUND, n -> n.put("refund_total_minor", 0))))
                .isEqualTo("refund_total_minor must be positive on REFUNDED");
        assertThat(
                        badProvider(
                                edit(
                                        REFUND,
                                        n -> {
                                            n.put("status", "DEBITED");
                                            n.remove("refund_amount_minor");
                                            n.remove("out_refund_no");
                                            n.put("refund_total_minor", 10);
                                        })))
                .isEqualTo("refund fields given on a DEBITED event");
    }

    @Test
    void rejectsRefundFieldsOnADebit() {
        assertThat(badProvider(edit(PROVIDER, n -> n.put("out_refund_no", "r-1"))))
                .isEqualTo("refund fields given on a DEBITED event");
    }

    @Test
    void rejectsOverlongAndEmptyIds() {
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("out_trade_no", "o".repeat(65)))))
                .isEqualTo("out_trade_no longer than 64 chars");
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("merchant_id", " "))))
                .isEqualTo("merchant_id must not be empty");
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("terminal_id", "pos\n7"))))
                .isEqualTo("terminal_id contains U+000A (control character)");
    }

    // ---- SPEC §4a.9: currencies known to java.util.Currency, ids without hidden characters ----

    @ParameterizedTest
    @CsvSource({"CNY, 1234", "JPY, 1500", "KWD, 1500", "USD, 1"})
    void acceptsIsoCurrenciesWithMinorUnits(String currency, long amount) {
        ProviderEvent e =
                ok(
                        EventParser.parseProvider(
                                edit(
                                        PROVIDER,
                                        n ->
                                                n.put("currency", currency)
                                                        .put("amount_minor", amount))));

        assertThat(e.currency()).isEqualTo(currency);
        assertThat(e.amountMinor()).isEqualTo(amount);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XXX", "XTS", "XAU", "ABC", "cny", "CN", "CNYY", "ＣＮＹ"})
    void rejectsCurrenciesThatAreNotIsoCodesWithMinorUnits(String currency) {
        assertThat(badProvider(edit(PROVIDER, n -> n.put("currency", currency))))
                .startsWith("currency must be an ISO-4217 currency code with minor units");
        assertThat(badTerminal(edit(TERMINAL, n -> n.put("currency", currency))))
                .startsWith("currency must be an ISO-4217 currency code with minor units");
    }

    @ParameterizedTest(name = "{0} U+{1}")
    @CsvSource({
        "control character, 0000",
        "control character, 001B",
        "control character, 007F",
        "control character, 0085",
        "control character, 009F",
        "bidirectional control, 061C",
        "bidirectional control, 200E",
        "bidirectional control, 200F",
        "bidirectional control, 202A",
        "bidirectional control, 202E",
        "bidirectional control, 2066",
        "bidirectional control, 2069",
        "line separator, 2028",
        "paragraph separator, 2029",
        "unpaired surrogate, D83D",
        "unpaired surrogate, DE00",
    })
    void rejectsIdsWithHiddenCharactersNamingTheCodePointNotTheId(String kind, String hex) {
        String bad = "o-" + (char) Integer.parseInt(hex, 16) + "-evil";
        String expected = " contains U+" + hex + " (" + kind + ")";
        for (String field :
                new String[] {
                    "event_id", "merchant_id", "terminal_id", "out_trade_no", "store_id"
                }) {
            assertThat(badTerminal(edit(TERMINAL, n -> n.put(field, bad))))
                    .isEqualTo(field + expected);
        }
        for (String field : new String[] {"error_code", "app_version"}) {
            assertThat(badTerminal(edit(TERMINAL, n -> n.put(field, bad))))
                    .isEqualTo(field + expected);
        }
        for (String field : new String[] {"provider_txn_id", "device_id", "payer_ref"}) {
            assertThat(badProvider(edit(PROVIDER, n -> n.put(field, bad))))
                    .isEqualTo(field + expected);
        }
        assertThat(badProvider(edit(REFUND, n -> n.put("out_refund_no", bad))))
                .isEqualTo("out_refund_no" + expected)
                .doesNotContain("evil");
    }

    @Test
    void acceptsIdsWithPairedSurrogatesAndOtherUnicode() {
        TerminalEvent e =
                ok(
                        EventParser.parseTerminal(
                                edit(TERMINAL, n -> n.put("out_trade_no", "订单-😀-1"))));

        assertThat(e.outTradeNo()).isEqualTo("订单-😀-1");
    }
}
