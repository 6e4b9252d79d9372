package io.debitwatch.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.DeadLetter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
                .isEqualTo(
                        "{\"payer\":{\"openid\":\"***\"},\"payer_ref\":\"***\",\"buyer_id\":\"***\"}");
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
        assertThat(clean).isEqualTo("{\"buyer_id\":\"***\",\"payer_ref\":\"***\"}");
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
        // Names that only resemble a payer field are redacted too: less is kept, nothing leaks.
        assertThat(DeadLetters.sanitize("seller_buyer_id=5&xopenid=6"))
                .isEqualTo("seller_buyer_id=***&xopenid=***");
    }

    /**
     * What {@code new Gson().toJson(...)} writes for a raw Alipay form body: its HTML-safe default
     * escapes {@code =} and {@code &} as {@code \}{@code u003d} and {@code \}{@code u0026}. The
     * JSON parser decodes them; the redacted record is written back without the escapes.
     */
    @Test
    void masksPayerParametersOfAFormBodyWhoseSeparatorsAreJsonEscaped() {
        String raw =
                "{\"received_at\":\"2026-11-25T10:05:02+08:00\",\"body\":\"trade_status\\u003dTRADE_SUCCESS"
                        + "\\u0026buyer_id\\u003d2088102146225135"
                        + "\\u0026buyer_logon_id\\u003dalice%40example.com\\u0026sign_type\\u003dRSA2\"}";

        assertThat(DeadLetters.sanitize(raw))
                .isEqualTo(
                        "{\"received_at\":\"2026-11-25T10:05:02+08:00\",\"body\":\"trade_status=TRADE_SUCCESS"
                                + "&buyer_id=***&buyer_logon_id=***&sign_type=RSA2\"}");
    }

    /**
     * Each way a payer parameter's {@code =} and the next {@code &} may be written inside a JSON
     * string: as is, JSON escaped (either case of hex digit), percent-encoded once more (either
     * case).
     */
    @ParameterizedTest(name = "{0}…{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "=|&|=|&",
                "=|\\u0026|=|&",
                "\\u003d|\\u0026|=|&",
                "\\u003D|\\u0026|=|&",
                "\\u003d|&|=|&",
                "%3D|%26|%3D|%26",
                "%3d|%26|%3D|%26",
            })
    void masksAPayerParameterHowEverItsSeparatorsAreEncoded(
            String equals, String and, String cleanEquals, String cleanAnd) {
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

            assertThat(DeadLetters.sanitize(middle))
                    .as(middle)
                    .isEqualTo(
                            "{\"body\":\"trade_no"
                                    + cleanEquals
                                    + "2026112522001"
                                    + cleanAnd
                                    + key
                                    + cleanEquals
                                    + "***"
                                    + cleanAnd
                                    + "total_amount"
                                    + cleanEquals
                                    + "12.30\"}");
            assertThat(DeadLetters.sanitize(last))
                    .as(last)
                    .isEqualTo(
                            "{\"body\":\"trade_no"
                                    + cleanEquals
                                    + "1"
                                    + cleanAnd
                                    + key
                                    + cleanEquals
                                    + "***\"}");
        }
    }

    /** A form body percent-encoded once more: the value's own escapes are part of it. */
    @Test
    void masksPayerParametersOfADoublyPercentEncodedFormBody() {
        String raw =
                "notify_body=gmt_create%3D2026-11-25%2B10%253A00%253A00%26buyer_id%3D2088102146225135"
                        + "%26buyer_logon_id%3Dalice.buyer%2540example.com%26total_amount%3D12.30";

        assertThat(DeadLetters.sanitize(raw))
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
                .isEqualTo("a%3D1%26buyer_logon_id%3D***%26b%3D2");
    }

    /**
     * Finding 8: {@code b%75yer_id} is {@code buyer_id} once decoded; a regex on text missed it.
     */
    @Test
    void masksAFormParameterWhoseNameHasAnyPercentEncodedLetter() {
        assertThat(DeadLetters.sanitize("trade_no=1&b%75yer_id=2088102146225135&total_amount=2"))
                .isEqualTo("trade_no=1&b%75yer_id=***&total_amount=2");
        assertThat(
                        DeadLetters.sanitize(
                                "{\"body\":\"trade_no=1&%6F%70%65%6E%69%64="
                                        + OPENID
                                        + "&total_amount=2\"}"))
                .isEqualTo("{\"body\":\"trade_no=1&%6F%70%65%6E%69%64=***&total_amount=2\"}");
    }

    /** The body's own charset decodes its names (GBK here: ASCII letters are the same bytes). */
    @Test
    void decodesFormNamesWithTheBodysCharset() {
        String raw =
                "charset=GBK&subject=%C4%CC%B2%E8&b%75yer%5Flogon%5Fid=alice%40example.com&total_amount=1";

        assertThat(DeadLetters.sanitize(raw))
                .isEqualTo(
                        "charset=GBK&subject=%C4%CC%B2%E8&b%75yer%5Flogon%5Fid=***&total_amount=1");
    }

    /** Finding 8: an array under a payer field was left in clear. */
    @Test
    void masksAnArrayUnderAPayerField() {
        String raw = "{\"event_id\":\"p-1\",\"payer_ref\":[\"" + OPENID + "\"],\"amount_minor\":1}";

        assertThat(DeadLetters.sanitize(raw))
                .isEqualTo("{\"event_id\":\"p-1\",\"payer_ref\":\"***\",\"amount_minor\":1}");
    }

    /** Finding 8: an object under a payer field was left in clear. */
    @Test
    void masksAnObjectUnderAPayerField() {
        String raw = "{\"payer_ref\":{\"id\":\"" + OPENID + "\"},\"out_trade_no\":\"o-1\"}";

        assertThat(DeadLetters.sanitize(raw))
                .isEqualTo("{\"payer_ref\":\"***\",\"out_trade_no\":\"o-1\"}");
    }

    /** Finding 8: a name spelt with JSON escapes is the same name once decoded. */
    @Test
    void masksAPayerFieldWhoseNameIsEscaped() {
        String raw =
                "{\"payer\\u005fref\":\""
                        + OPENID
                        + "\",\"\\u006f\\u0070enid\":\""
                        + OPENID
                        + "\"}";

        assertThat(DeadLetters.sanitize(raw))
                .doesNotContain(OPENID.substring(0, 5))
                .isEqualTo("{\"payer_ref\":\"***\",\"openid\":\"***\"}");
    }

    @Test
    void keepsOtherFieldsOfADecodedRecordReadable() {
        String raw =
                "{\"event_id\":\"p-1\",\"merchant_id\":\"1900000109\",\"amount\":12.30,"
                        + "\"payer\":{\"OpenID\":[\""
                        + OPENID
                        + "\"],\"payer_total\":1230},\"tags\":[\"a\",null,true]}";

        assertThat(DeadLetters.sanitize(raw))
                .isEqualTo(
                        "{\"event_id\":\"p-1\",\"merchant_id\":\"1900000109\",\"amount\":12.30,"
                                + "\"payer\":{\"OpenID\":\"***\",\"payer_total\":\"***\"},"
                                + "\"tags\":[\"a\",null,true]}");
    }

    @Test
    void leavesParametersWithoutAPayerStemAlone() {
        for (String raw :
                new String[] {
                    "seller_id%3D5%26xid%3d6",
                    "seller%5Fid=5&total_amount=6",
                    "{\"body\":\"trade_no\\u003d1\\u0026total_amount\\u003d12.30\"}",
                    "{\"seller_id\":5,\"receipt_amount\":\"1.00\"}",
                }) {
            assertThat(DeadLetters.sanitize(raw)).as(raw).isEqualTo(raw);
        }
    }

    @Test
    void namesThatOnlyResembleAPayerParameterAreRedactedToo() {
        assertThat(DeadLetters.sanitize("{\"seller_buyer_id\":5,\"buyer_pay_amount\":\"1.00\"}"))
                .isEqualTo("{\"seller_buyer_id\":\"***\",\"buyer_pay_amount\":\"***\"}");
        assertThat(DeadLetters.sanitize("seller_buyer_id%3D5%26xopenid%3d6"))
                .doesNotContain("%3D5")
                .doesNotContain("d6");
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

    /** A raw record inside an envelope, as the Kafka endpoint keeps a WeChat notification. */
    @Test
    void masksPayerFieldsOfARecordInAnEnvelope() {
        String raw =
                "{\"received_at\":\"2026-11-25T10:00:03+08:00\",\"headers\":{\"Wechatpay-Serial\":\"5157F09EFDC096DE15EBE81A47057A7232F1B8E1\"},"
                        + "\"body\":\"{\\\"id\\\":\\\"EV-1\\\",\\\"payer\\\":{\\\"openid\\\":[\\\""
                        + OPENID
                        + "\\\"]}}\"}";

        assertThat(DeadLetters.sanitize(raw))
                .isEqualTo(
                        "{\"received_at\":\"2026-11-25T10:00:03+08:00\",\"headers\":{\"Wechatpay-Serial\":\"5157F09EFDC096DE15EBE81A47057A7232F1B8E1\"},"
                                + "\"body\":\"{\\\"id\\\":\\\"EV-1\\\",\\\"payer\\\":{\\\"openid\\\":\\\"***\\\"}}\"}");
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
                .isEqualTo(
                        "{\"raw\":\"{\\\"buyer_id\\\":\\\"***\\\",\\\"payer_ref\\\":\\\"***\\\","
                                + "\\\"amount\\\":1}\"}");
        // cut off inside the value: the inner record cannot be decoded, so it is kept only up to
        // the payer name; the enclosing record stays readable
        String cut = "{\"raw\":\"{\\\"openid\\\":\\\"" + OPENID.substring(0, 10) + "\",\"n\":1}";
        assertThat(DeadLetters.sanitize(cut))
                .doesNotContain(OPENID.substring(0, 5))
                .isEqualTo("{\"raw\":\"{\\\"openi…[redacted: 21 chars in all]\",\"n\":1}");
    }

    /** An undecodable record is kept up to the first place a payer name could hide. */
    @Test
    void keepsAnUndecodableRecordOnlyUpToThePayerName() {
        String raw = "{\"event_id\":\"p-1\",\"merchant_id\":\"m-1\",\"payer_ref\":\"" + OPENID;

        assertThat(DeadLetters.sanitize(raw))
                .isEqualTo(
                        "{\"event_id\":\"p-1\",\"merchant_id\":\"m-1\",\"paye…[redacted: "
                                + raw.length()
                                + " chars in all]");
        // and wholly when no payer name could be in it
        String plain = "{\"event_id\":\"p-1\",\"amount\":";
        assertThat(DeadLetters.sanitize(plain)).isEqualTo(plain);
        // duplicate keys make a record ambiguous: undecodable, so cut at the payer name
        String dup = "{\"a\":{\"openid\":\"" + OPENID + "\"},\"a\":1}";
        assertThat(DeadLetters.sanitize(dup))
                .isEqualTo("{\"a\":{\"openi…[redacted: 53 chars in all]");
    }

    /**
     * A truncated JSON record holding a payer value in every encoding at once: cut anywhere, no run
     * of five characters of the id survives.
     */
    @Test
    void aTruncatedRecordWithAPayerValueInEveryEncodingShowsNoFiveCharacterRunOfIt() {
        String id = OPENID;
        String record =
                "{\"event_id\":\"p-1\",\"payer\\u005fref\":[\""
                        + id
                        + "\"],\"payer_ref\":{\"id\":\""
                        + id
                        + "\"},\"body\":\"a=1&b%75yer_id="
                        + id
                        + "&%6Fpenid="
                        + percentEncodeAll(id)
                        + "\",\"raw\":\"{\\\"sub_openid\\\":\\\""
                        + unicodeEscapeAll(id)
                        + "\\\"}\",\"\\u0073p_openid\":\""
                        + id
                        + "\"}";
        for (int cut = 1; cut <= record.length(); cut++) {
            String raw = record.substring(0, cut);
            assertNoRunOf(id, DeadLetters.sanitize(raw), raw);
        }
    }

    /**
     * Property-style: random payer ids in many encodings (JSON at several depths, arrays, objects,
     * escaped names and values, form bodies with encoded names, percent-encoded bodies, cut
     * records, UTF-16 bytes read as UTF-8): no five-character run of the id survives, in the output
     * or in any decoding of it.
     */
    @Test
    void noFiveCharacterRunOfAPayerIdSurvivesAnyEncoding() {
        Random random = new Random(20261202L);
        String[] names = {
            "payer_ref",
            "openid",
            "sub_openid",
            "sp_openid",
            "buyer_id",
            "buyer_logon_id",
            "buyer_open_id",
            "OpenID",
            "BUYER-ID"
        };
        int checked = 0;
        for (int round = 0; round < 40; round++) {
            String id = randomId(random);
            for (String name : names) {
                for (String raw : encodings(name, id)) {
                    assertNoRunOf(id, DeadLetters.sanitize(raw), raw);
                    // and cut at a random place after the id started
                    int start = Math.max(1, raw.length() / 3);
                    int cut = start + random.nextInt(raw.length() - start + 1);
                    assertNoRunOf(id, DeadLetters.sanitize(raw.substring(0, cut)), raw);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(40 * 9 * 15);
    }

    private static String randomId(Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        StringBuilder b = new StringBuilder();
        int kind = random.nextInt(3);
        if (kind == 0) {
            b.append("2088");
            for (int i = 0; i < 12; i++) {
                b.append((char) ('0' + random.nextInt(10)));
            }
            return b.toString();
        }
        b.append('o');
        int length = kind == 1 ? 27 : 5 + random.nextInt(40);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static List<String> encodings(String name, String id) {
        String json = "{\"n\":1,\"" + name + "\":\"" + id + "\",\"m\":2}";
        String form = "a=1&" + name + "=" + id + "&b=2";
        List<String> all = new ArrayList<>();
        all.add(json);
        all.add("{\"" + name + "\" :\n [\"" + id + "\", {\"x\":\"" + id + "\"}]}");
        all.add("{\"" + name + "\":{\"id\":\"" + id + "\",\"more\":[\"" + id + "\"]}}");
        all.add("{\"" + unicodeEscapeAll(name) + "\":\"" + unicodeEscapeAll(id) + "\"}");
        all.add("[{\"payer\":{\"" + name + "\":\"" + id + "\"}}]");
        all.add("{\"body\":" + Json.write(json) + "}");
        all.add("{\"body\":" + Json.write(Json.write(json)) + "}");
        all.add("{\"body\":" + Json.write(form) + "}");
        all.add(form);
        all.add("a=1&" + percentEncodeAll(name) + "=" + percentEncodeAll(id) + "&b=2");
        all.add("notify=" + URLEncoder.encode(form, StandardCharsets.UTF_8));
        all.add(URLEncoder.encode(form, StandardCharsets.UTF_8));
        all.add("{\"body\":\"" + form.replace("=", "\\u003d").replace("&", "\\u0026") + "\"}");
        all.add(new String(json.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.UTF_8));
        all.add("not json: " + name + "=" + id);
        if (id.chars().allMatch(Character::isDigit)) {
            all.add("{\"" + name + "\":" + id + "}");
        }
        return all;
    }

    private static String unicodeEscapeAll(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }

    private static String percentEncodeAll(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            b.append(String.format("%%%02X", c & 0xff));
        }
        return b.toString();
    }

    /** No five-character run of {@code id} in {@code clean}, nor in any decoding of it. */
    private static void assertNoRunOf(String id, String clean, String raw) {
        List<String> views = new ArrayList<>();
        String v = clean;
        views.add(v);
        for (int i = 0; i < 4; i++) {
            v = decodeLeniently(v);
            views.add(v);
        }
        for (String view : views) {
            for (int i = 0; i + 5 <= id.length(); i++) {
                String run = id.substring(i, i + 5);
                assertThat(view).as("%s\n  became %s", raw, clean).doesNotContain(run);
            }
        }
    }

    /** One round of %XX and \\uXXXX decoding, malformed escapes left alone; '+' stays. */
    private static String decodeLeniently(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s, i + 1, 2)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '\\'
                    && i + 5 < s.length()
                    && s.charAt(i + 1) == 'u'
                    && isHex(s, i + 2, 4)) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                b.append('"');
                i++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isHex(String s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Bypasses an adversarial review found after the first redaction (issue 9, finding 8). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "gmt_create=2026&buyer_id%3D2088102122524333",
                "a=b;buyer_id=2088102122524333",
                "{\"payer\":\"2088102122524333\"}",
                "{\"buyer_user_id\":\"2088102122524333\"}",
                "{\"x\":\"a=b;buyer_id=2088102122524333\"}"
            })
    void namesThatOnlyResembleAPayerFieldAreRedactedToo(String raw) {
        String out = DeadLetters.sanitize(raw);
        assertThat(out).doesNotContain("21225");
        for (int i = 0; i + 5 <= "2088102122524333".length(); i++) {
            assertThat(out).doesNotContain("2088102122524333".substring(i, i + 5));
        }
    }
}
