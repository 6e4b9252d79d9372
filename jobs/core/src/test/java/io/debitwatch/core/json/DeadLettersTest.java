package io.debitwatch.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.DeadLetter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeadLettersTest {

    private static final String OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "payer_ref",
                "openid",
                "sub_openid",
                "sp_openid",
                "buyer_id",
                "buyer_logon_id",
                "buyer_open_id"
            })
    void masksPayerIdentifiers(String field) {
        String raw = "{\"event_id\":\"p-1\",\"" + field + "\":\"" + OPENID + "\",\"amount\":1}";

        String clean = DeadLetters.sanitize(raw);

        assertThat(clean)
                .doesNotContain(OPENID)
                .isEqualTo("{\"event_id\":\"p-1\",\"" + field + "\":\"***\",\"amount\":1}");
    }

    @Test
    void masksEveryOccurrenceWhereverItIsNestedAndHowEverItIsSpaced() {
        String raw =
                "{\"payer\": {\"openid\" :  \""
                        + OPENID
                        + "\"}, \"payer_ref\":\"2088102122524333\", \"buyer_id\":\"2088\\\"x\"}";

        String clean = DeadLetters.sanitize(raw);

        assertThat(clean)
                .doesNotContain(OPENID)
                .doesNotContain("2088102122524333")
                .doesNotContain("2088\\\"x")
                .contains("\"openid\" :  \"***\"")
                .contains("\"buyer_id\":\"***\"");
    }

    @Test
    void leavesOtherFieldsAlone() {
        String raw = "{\"merchant_id\":\"1900000109\",\"out_trade_no\":\"o-1\",\"amount\":12.5}";

        assertThat(DeadLetters.sanitize(raw)).isEqualTo(raw);
        assertThat(DeadLetters.sanitize("not json at all")).isEqualTo("not json at all");
        assertThat(DeadLetters.sanitize(null)).isEmpty();
    }

    @Test
    void boundsTheLength() {
        String raw = "{\"padding\":\"" + "x".repeat(20_000) + "\"}";

        String clean = DeadLetters.sanitize(raw);

        assertThat(clean.length())
                .isGreaterThanOrEqualTo(DeadLetters.MAX_RAW_CHARS)
                .isLessThanOrEqualTo(DeadLetters.MAX_RAW_CHARS + 64);
        assertThat(clean).startsWith(raw.substring(0, DeadLetters.MAX_RAW_CHARS));
        assertThat(clean).contains(String.valueOf(raw.length()));
    }

    @Test
    void aRecordAtTheLimitIsKeptWhole() {
        String raw = "x".repeat(DeadLetters.MAX_RAW_CHARS);

        assertThat(DeadLetters.sanitize(raw)).isEqualTo(raw);
    }

    @Test
    void masksAPayerIdentifierThatTheLengthBoundCutsThrough() {
        String open = "{\"padding\":\"";
        String between = "\",\"openid\":\"";
        // the cut falls after the first half of the openid value
        int valueStart = DeadLetters.MAX_RAW_CHARS - OPENID.length() / 2;
        String raw =
                open
                        + "x".repeat(valueStart - open.length() - between.length())
                        + between
                        + OPENID
                        + "\",\"more\":\""
                        + "y".repeat(100)
                        + "\"}";
        int start = raw.indexOf(OPENID);
        assertThat(start).isEqualTo(DeadLetters.MAX_RAW_CHARS - OPENID.length() / 2);

        String clean = DeadLetters.sanitize(raw);

        assertThat(clean).doesNotContain(OPENID.substring(0, OPENID.length() / 2));
        assertThat(clean.length()).isLessThanOrEqualTo(DeadLetters.MAX_RAW_CHARS + 64);
    }

    @Test
    void masksAPayerIdentifierGivenAsANumber() {
        String raw = "{\"buyer_id\": 2088102122524333, \"payer_ref\":2088102122524334}";

        String clean = DeadLetters.sanitize(raw);

        assertThat(clean).doesNotContain("2088102122524333").doesNotContain("2088102122524334");
        assertThat(clean).isEqualTo("{\"buyer_id\": \"***\", \"payer_ref\":\"***\"}");
    }

    @ParameterizedTest
    @ValueSource(ints = {3_000, 400_000})
    void masksALongPayerValueWithoutOverflowingTheStack(int length) {
        // a bad record must never crash the job: a few KB used to overflow the regex stack
        String half = "o".repeat(length / 2);
        String raw = "{\"payer_ref\":\"" + half + "\\\"" + half + "\",\"event_id\":\"p-1\"}";

        String clean = DeadLetters.sanitize(raw);

        assertThat(clean).isEqualTo("{\"payer_ref\":\"***\",\"event_id\":\"p-1\"}");
    }

    @Test
    void masksAPayerIdentifierInATruncatedRecord() {
        // a record cut off by the producer: the value never closes
        String raw = "{\"event_id\":\"p-1\",\"payer_ref\":\"" + OPENID;

        assertThat(DeadLetters.sanitize(raw)).doesNotContain(OPENID.substring(0, 8));
    }

    @Test
    void deadLettersCarryTheirOriginAndASanitizedRecord() {
        String raw = "{\"openid\":\"" + OPENID + "\"";

        DeadLetter file = DeadLetters.fromFile("terminal.ndjson", 17, raw, "not JSON: eof");
        DeadLetter kafka = DeadLetters.fromKafka("provider-events", 3, 42L, raw, "bad");

        assertThat(file.source()).isEqualTo("terminal.ndjson");
        assertThat(file.line()).isEqualTo(17L);
        assertThat(file.reason()).isEqualTo("not JSON: eof");
        assertThat(file.topic()).isNull();
        assertThat(file.raw()).doesNotContain(OPENID);
        assertThat(kafka.source()).isEqualTo("provider-events");
        assertThat(kafka.topic()).isEqualTo("provider-events");
        assertThat(kafka.partition()).isEqualTo(3);
        assertThat(kafka.offset()).isEqualTo(42L);
        assertThat(kafka.line()).isNull();
        assertThat(kafka.raw()).doesNotContain(OPENID);
    }

    /** An Alipay notification kept raw: a form-encoded body inside a JSON string. */
    @Test
    void masksPayerParametersOfAFormEncodedBody() {
        String raw =
                "{\"received_at\":\"2026-11-25T10:00:03+08:00\",\"body\":\"gmt_create=2026-11-25+10%3A00%3A00"
                        + "&buyer_id=2088102146225135&seller_id=2088101117955611"
                        + "&buyer_logon_id=alice.buyer%40example.com&openid=x\\\"y&total_amount=12.30\"}";

        String clean = DeadLetters.sanitize(raw);

        assertThat(clean)
                .doesNotContain("2088102146225135")
                .doesNotContain("alice")
                .doesNotContain("x\\\"y")
                .contains("&buyer_id=***&seller_id=2088101117955611")
                .contains("&buyer_logon_id=***&")
                .contains("&total_amount=12.30\"}");
        // a bare form body, the payer parameter first or last
        assertThat(DeadLetters.sanitize("buyer_id=2088102146225135&trade_no=1"))
                .isEqualTo("buyer_id=***&trade_no=1");
        assertThat(DeadLetters.sanitize("trade_no=1&buyer_open_id=074a1CcTG1LelxKe4xQC0zgN"))
                .isEqualTo("trade_no=1&buyer_open_id=***");
        // other parameters that merely end like one are left alone
        assertThat(DeadLetters.sanitize("seller_buyer_id=5&xopenid=6"))
                .isEqualTo("seller_buyer_id=5&xopenid=6");
    }

    /**
     * What {@code new Gson().toJson(...)} writes for a raw Alipay form body: its HTML-safe default
     * escapes {@code =} and {@code &} as {@code \}{@code u003d} and {@code \}{@code u0026}.
     */
    @Test
    void masksPayerParametersOfAFormBodyWhoseSeparatorsAreJsonEscaped() {
        String raw =
                "{\"received_at\":\"2026-11-25T10:05:02+08:00\",\"body\":\"trade_status\\u003dTRADE_SUCCESS"
                        + "\\u0026buyer_id\\u003d2088102146225135"
                        + "\\u0026buyer_logon_id\\u003dalice%40example.com\\u0026sign_type\\u003dRSA2\"}";

        String clean = DeadLetters.sanitize(raw);

        assertThat(clean)
                .doesNotContain("2088102146225135")
                .doesNotContain("alice")
                .isEqualTo(
                        "{\"received_at\":\"2026-11-25T10:05:02+08:00\",\"body\":\"trade_status\\u003dTRADE_SUCCESS"
                                + "\\u0026buyer_id\\u003d***"
                                + "\\u0026buyer_logon_id\\u003d***\\u0026sign_type\\u003dRSA2\"}");
    }

    /**
     * Each way a payer parameter's {@code =} and the next {@code &} may be written: as is, JSON
     * escaped (either case of hex digit), percent-encoded once more (either case); the value ends
     * at the separator, a closing quote or the end of the text.
     */
    @ParameterizedTest(name = "{0}…{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "=|&",
                "=|\\u0026",
                "\\u003d|\\u0026",
                "\\u003D|\\u0026",
                "\\u003d|&",
                "\\u003D|&",
                "%3D|%26",
                "%3d|%26",
                "%3D|&",
                "%3D|\\u0026",
            })
    void masksAPayerParameterHowEverItsSeparatorsAreEncoded(String equals, String and) {
        for (String key : new String[] {"buyer_id", "buyer_logon_id", "openid", "buyer_open_id"}) {
            String middle =
                    "{\"body\":\"trade_no"
                            + equals
                            + "2026112522001"
                            + and
                            + key
                            + equals
                            + "2088102146225135"
                            + and
                            + "total_amount"
                            + equals
                            + "12.30\"}";
            String last =
                    "{\"body\":\"trade_no" + equals + "1" + and + key + equals + OPENID + "\"}";
            String bare = "trade_no" + equals + "1" + and + key + equals + OPENID;

            assertThat(DeadLetters.sanitize(middle))
                    .as(middle)
                    .doesNotContain("2088102146225135")
                    .isEqualTo(
                            "{\"body\":\"trade_no"
                                    + equals
                                    + "2026112522001"
                                    + and
                                    + key
                                    + equals
                                    + "***"
                                    + and
                                    + "total_amount"
                                    + equals
                                    + "12.30\"}");
            assertThat(DeadLetters.sanitize(last))
                    .as(last)
                    .isEqualTo(
                            "{\"body\":\"trade_no" + equals + "1" + and + key + equals + "***\"}");
            assertThat(DeadLetters.sanitize(bare))
                    .as(bare)
                    .isEqualTo("trade_no" + equals + "1" + and + key + equals + "***");
        }
    }

    /** A form body percent-encoded once more: the value's own escapes are part of it. */
    @Test
    void masksPayerParametersOfADoublyPercentEncodedFormBody() {
        String raw =
                "notify_body=gmt_create%3D2026-11-25%2B10%253A00%253A00%26buyer_id%3D2088102146225135"
                        + "%26buyer_logon_id%3Dalice.buyer%2540example.com%26total_amount%3D12.30";

        assertThat(DeadLetters.sanitize(raw))
                .doesNotContain("2088102146225135")
                .doesNotContain("alice")
                .isEqualTo(
                        "notify_body=gmt_create%3D2026-11-25%2B10%253A00%253A00%26buyer_id%3D***"
                                + "%26buyer_logon_id%3D***%26total_amount%3D12.30");
    }

    /** Percent-encoded underscores in the parameter's name. */
    @Test
    void masksAPayerParameterWhoseNameIsPercentEncoded() {
        assertThat(DeadLetters.sanitize("trade_no=1&buyer%5Fid=2088102146225135&total_amount=2"))
                .isEqualTo("trade_no=1&buyer%5Fid=***&total_amount=2");
        assertThat(
                        DeadLetters.sanitize(
                                "a%3D1%26buyer%5flogon%5Fid%3Dalice%2540example.com%26b%3D2"))
                .isEqualTo("a%3D1%26buyer%5flogon%5Fid%3D***%26b%3D2");
    }

    @Test
    void leavesParametersThatMerelyEndLikeAPayerParameterAlone() {
        for (String raw :
                new String[] {
                    "seller_buyer_id\\u003d5\\u0026xopenid\\u003D6",
                    "seller_buyer_id%3D5%26xopenid%3d6",
                    "seller%5Fbuyer_id=5&xopenid=6",
                    "{\"body\":\"trade_no\\u003d1\\u0026total_amount\\u003d12.30\"}",
                }) {
            assertThat(DeadLetters.sanitize(raw)).as(raw).isEqualTo(raw);
        }
    }

    /** A raw JSON record kept as a string inside another record: its quotes are escaped. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "payer_ref",
                "openid",
                "sub_openid",
                "sp_openid",
                "buyer_id",
                "buyer_logon_id",
                "buyer_open_id"
            })
    void masksPayerFieldsOfAJsonRecordKeptAsAString(String field) {
        String raw =
                "{\"reason\":\"bad\",\"raw\":\"{\\\"event_id\\\":\\\"p-1\\\",\\\""
                        + field
                        + "\\\":\\\""
                        + OPENID
                        + "\\\",\\\"amount\\\":1}\"}";

        assertThat(DeadLetters.sanitize(raw))
                .doesNotContain(OPENID)
                .isEqualTo(
                        "{\"reason\":\"bad\",\"raw\":\"{\\\"event_id\\\":\\\"p-1\\\",\\\""
                                + field
                                + "\\\":\\\"***\\\",\\\"amount\\\":1}\"}");
    }

    @Test
    void masksEscapedPayerFieldsAtAnyDepthAsNumbersAndWithEscapedQuotesInside() {
        // twice escaped: a record in a string in a string
        String twice =
                "{\"a\":\"{\\\"b\\\":\\\"{\\\\\\\"openid\\\\\\\":\\\\\\\""
                        + OPENID
                        + "\\\\\\\",\\\\\\\"n\\\\\\\":1}\\\"}\"}";
        assertThat(DeadLetters.sanitize(twice))
                .doesNotContain(OPENID)
                .isEqualTo(
                        "{\"a\":\"{\\\"b\\\":\\\"{\\\\\\\"openid\\\\\\\":\\\\\\\"***"
                                + "\\\\\\\",\\\\\\\"n\\\\\\\":1}\\\"}\"}");
        // a number, spaced, and a value with an (escaped) escaped quote inside
        String inside =
                "{\"raw\":\"{\\\"buyer_id\\\" : 2088102146225135, \\\"payer_ref\\\":\\\"ab\\\\\\\"cd\\\","
                        + " \\\"amount\\\":1}\"}";
        assertThat(DeadLetters.sanitize(inside))
                .doesNotContain("2088102146225135")
                .doesNotContain("ab")
                .doesNotContain("cd")
                .isEqualTo(
                        "{\"raw\":\"{\\\"buyer_id\\\" : \\\"***\\\", \\\"payer_ref\\\":\\\"***\\\","
                                + " \\\"amount\\\":1}\"}");
        // cut off inside the value: masked up to the end of the enclosing string, which stays
        String cut = "{\"raw\":\"{\\\"openid\\\":\\\"" + OPENID.substring(0, 10) + "\",\"n\":1}";
        assertThat(DeadLetters.sanitize(cut))
                .doesNotContain(OPENID.substring(0, 10))
                .endsWith("\\\"***\\\"\",\"n\":1}");
    }
}
