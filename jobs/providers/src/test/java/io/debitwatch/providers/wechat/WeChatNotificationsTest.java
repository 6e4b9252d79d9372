package io.debitwatch.providers.wechat;

import static io.debitwatch.providers.wechat.WeChatFixture.API_KEY_TEXT;
import static io.debitwatch.providers.wechat.WeChatFixture.OPENID;
import static io.debitwatch.providers.wechat.WeChatFixture.RECEIVED_EPOCH;
import static io.debitwatch.providers.wechat.WeChatFixture.SP_OPENID;
import static io.debitwatch.providers.wechat.WeChatFixture.SUB_OPENID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.keys.ApiV3Key;
import io.debitwatch.providers.keys.TestKeys;
import io.debitwatch.providers.keys.WeChatPlatformKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeChatNotificationsTest {

    private final WeChatNotifications adapter = WeChatFixture.adapter();

    // ---- mappings ---------------------------------------------------------------------------

    @Test
    void paymentSuccessIsDebited() {
        ProviderEvent e = event(adapter.adapt(new WeChatFixture.Note().record()));
        assertThat(e.eventId()).isEqualTo("wxn-EV-2026112510000012345");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-25T02:00:01Z"));
        assertThat(e.provider()).isEqualTo(Provider.WECHAT);
        assertThat(e.merchantId()).isEqualTo("1230000109");
        assertThat(e.outTradeNo()).isEqualTo("1217752501201407033233368018");
        assertThat(e.providerTxnId()).isEqualTo("4200000001202611250123456789");
        assertThat(e.source()).isEqualTo(ProviderSource.NOTIFY);
        assertThat(e.status()).isEqualTo(ProviderStatus.DEBITED);
        assertThat(e.amountMinor()).isEqualTo(1230);
        assertThat(e.currency()).isEqualTo("CNY");
        assertThat(e.payerAmountMinor()).isEqualTo(1230L);
        assertThat(e.refundAmountMinor()).isNull();
        assertThat(e.outRefundNo()).isNull();
        assertThat(e.payerRef())
                .isEqualTo(PayerIds.hmac(WeChatFixture.PAYER_SECRET).ref("WECHAT", OPENID));
        assertThat(e.deviceId()).isEqualTo("POS-0042");
    }

    @Test
    void couponPaymentComparesTheOrderAmountNeverThePayerAmount() {
        ObjectNode t = WeChatFixture.transaction();
        ((ObjectNode) t.get("amount")).put("payer_total", 1030);
        ProviderEvent e = event(adapter.adapt(note(n -> n.event("TRANSACTION.SUCCESS", t))));
        assertThat(e.amountMinor()).isEqualTo(1230);
        assertThat(e.payerAmountMinor()).isEqualTo(1030L);
    }

    @Test
    void missingCurrencyAndPayerTotalAndSceneAreFine() {
        ObjectNode t = WeChatFixture.transaction();
        ((ObjectNode) t.get("amount")).remove(java.util.List.of("payer_total", "currency"));
        t.remove("scene_info");
        t.remove("payer");
        ProviderEvent e = event(adapter.adapt(note(n -> n.event("TRANSACTION.SUCCESS", t))));
        assertThat(e.currency()).isEqualTo("CNY");
        assertThat(e.payerAmountMinor()).isNull();
        assertThat(e.deviceId()).isNull();
        assertThat(e.payerRef()).isNull();
    }

    @Test
    void serviceProviderModeKeysTheSubMerchant() {
        ObjectNode t = WeChatFixture.transaction();
        t.remove("mchid");
        t.remove("appid");
        t.put("sp_mchid", "1900000100");
        t.put("sp_appid", "wx8888888888888888");
        t.put("sub_mchid", "1900000109");
        t.put("sub_appid", "wxd678efh567hg6999");
        t.remove("payer");
        t.putObject("payer").put("sp_openid", SP_OPENID).put("sub_openid", SUB_OPENID);
        Adapted a = adapter.adapt(note(n -> n.event("TRANSACTION.SUCCESS", t)));
        ProviderEvent e = event(a);
        assertThat(e.merchantId()).isEqualTo("1900000109");
        assertThat(e.payerRef())
                .isEqualTo(PayerIds.hmac(WeChatFixture.PAYER_SECRET).ref("WECHAT", SUB_OPENID));
        assertThat(Json.write(a)).doesNotContain(SUB_OPENID, SP_OPENID);
    }

    @Test
    void refundSuccessIsRefunded() {
        ProviderEvent e =
                event(
                        adapter.adapt(
                                note(
                                        n -> {
                                            n.id = "EV-REFUND-1";
                                            n.event("REFUND.SUCCESS", WeChatFixture.refund());
                                        })));
        assertThat(e.eventId()).isEqualTo("wxn-EV-REFUND-1");
        assertThat(e.status()).isEqualTo(ProviderStatus.REFUNDED);
        assertThat(e.outRefundNo()).isEqualTo("RF-1217752501201407033233368018-1");
        assertThat(e.refundAmountMinor()).isEqualTo(500L);
        assertThat(e.amountMinor()).isEqualTo(1230);
        assertThat(e.currency()).isEqualTo("CNY");
        assertThat(e.providerTxnId()).isEqualTo("4200000001202611250123456789");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-25T03:00:00Z"));
        assertThat(e.payerAmountMinor()).isNull();
        assertThat(e.payerRef()).isNull();
    }

    @Test
    void refundAbnormalAndClosedAreNotices() {
        for (String type : new String[] {"REFUND.ABNORMAL", "REFUND.CLOSED"}) {
            ObjectNode r = WeChatFixture.refund();
            r.put("refund_status", type.substring(7));
            r.remove("success_time");
            Adapted a = adapter.adapt(note(n -> n.event(type, r)));
            assertThat(a).isInstanceOf(Adapted.Notice.class);
            Adapted.Notice notice = (Adapted.Notice) a;
            assertThat(notice.kind()).isEqualTo(type.replace('.', '_'));
            assertThat(notice.provider()).isEqualTo(Provider.WECHAT);
            assertThat(notice.merchantId()).isEqualTo("1230000109");
            assertThat(notice.outTradeNo()).isEqualTo("1217752501201407033233368018");
            assertThat(notice.outRefundNo()).isEqualTo("RF-1217752501201407033233368018-1");
            assertThat(notice.amountMinor()).isEqualTo(500L);
            assertThat(notice.currency()).isEqualTo("CNY");
            assertThat(notice.eventTime()).isEqualTo(Instant.parse("2026-11-25T02:00:02Z"));
            assertThat(notice.detail()).isNotBlank();
            assertThat(Json.write(a)).doesNotContain("招商银行");
        }
    }

    @Test
    void redeliveriesGiveIdenticalEvents() {
        Adapted first = adapter.adapt(new WeChatFixture.Note().record());
        Adapted again =
                adapter.adapt(
                        note(
                                n -> {
                                    n.receivedAt = "2026-11-25T10:00:18+08:00";
                                    n.timestamp = RECEIVED_EPOCH + 15;
                                    n.nonce = "OTHERNONCE1234567890";
                                    n.resourceNonce = "Zz9v0cVt3aZq";
                                }));
        assertThat(again).isEqualTo(first);
        assertThat(Json.write(again)).isEqualTo(Json.write(first));
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        event(adapter.adapt(note(n -> n.lowerCaseHeaders = true)));
    }

    @Test
    void emptyOrAbsentAssociatedDataIsAllowed() {
        event(adapter.adapt(note(n -> n.associatedData = "")));
    }

    @Test
    void clockSkewIsAcceptedUpToExactlyFiveMinutes() {
        event(adapter.adapt(note(n -> n.timestamp = RECEIVED_EPOCH - 300)));
        event(adapter.adapt(note(n -> n.timestamp = RECEIVED_EPOCH + 300)));
        rejected(adapter.adapt(note(n -> n.timestamp = RECEIVED_EPOCH - 301)), "stale");
        rejected(adapter.adapt(note(n -> n.timestamp = RECEIVED_EPOCH + 301)), "stale");
        rejected(adapter.adapt(note(n -> n.timestamp = RECEIVED_EPOCH - 86_400)), "stale");
        WeChatNotifications lenient = adapter.withMaxClockSkew(Duration.ofMinutes(10));
        event(lenient.adapt(note(n -> n.timestamp = RECEIVED_EPOCH - 301)));
    }

    @Test
    void withoutPayerSecretPayerIdsAreDropped() {
        WeChatNotifications noIds =
                new WeChatNotifications(
                        WeChatPlatformKeys.of(
                                Map.of(WeChatFixture.SERIAL, TestKeys.PLATFORM.getPublic())),
                        WeChatFixture.API_KEY,
                        PayerIds.none());
        Adapted a = noIds.adapt(new WeChatFixture.Note().record());
        assertThat(event(a).payerRef()).isNull();
        assertThat(Json.write(a)).doesNotContain(OPENID);
    }

    @Test
    void serialisableForTheJobGraph() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(out)) {
            o.writeObject(adapter);
        }
        WeChatNotifications back =
                (WeChatNotifications)
                        new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))
                                .readObject();
        String record = new WeChatFixture.Note().record();
        assertThat(back.adapt(record)).isEqualTo(adapter.adapt(record));
        assertThat(back.toString()).doesNotContain(API_KEY_TEXT);
    }

    // ---- authenticity -------------------------------------------------------------------------

    @Test
    void signatureProbeIsRejectedAsSuch() {
        Adapted a = adapter.adapt(note(n -> n.signature = "WECHATPAY/SIGNTEST/" + "A".repeat(340)));
        assertThat(((Adapted.Rejected) a).reason())
                .isEqualTo("signature probe (WECHATPAY/SIGNTEST/), not a payment notification");
    }

    @Test
    void badSignatures() {
        rejected(
                adapter.adapt(note(n -> n.bodyAfterSigning = b -> b.replace("EV-2026", "EV-2027"))),
                "bad signature");
        rejected(adapter.adapt(note(n -> n.signer = TestKeys.OTHER.getPrivate())), "bad signature");
        rejected(adapter.adapt(note(n -> n.signature = "not*base64")), "not base64");
        rejected(adapter.adapt(note(n -> n.signature = "AAAA")), "bad signature");
        // The signature covers the timestamp and the nonce too.
        String record = new WeChatFixture.Note().record();
        String ts = Long.toString(RECEIVED_EPOCH - 2);
        rejected(
                adapter.adapt(record.replace(ts, Long.toString(RECEIVED_EPOCH - 1))),
                "bad signature");
        rejected(
                adapter.adapt(record.replace("5K8264ILTKCH16CQ2502SI8ZNMTM67VS", "X")),
                "bad signature");
    }

    @Test
    void unknownSerialIsRejected() {
        rejected(
                adapter.adapt(note(n -> n.serial = "PUB_KEY_ID_0000000000000000")),
                "unknown Wechatpay-Serial \"PUB_KEY_ID_0000000000000000\"");
    }

    @Test
    void unsupportedSignatureTypeIsRejected() {
        String record =
                new WeChatFixture.Note()
                        .record()
                        .replace("WECHATPAY2-SHA256-RSA2048", "WECHATPAY2-SM2-WITH-SM3");
        rejected(adapter.adapt(record), "unsupported Wechatpay-Signature-Type");
    }

    // ---- decryption ---------------------------------------------------------------------------

    @Test
    void decryptionFailures() {
        rejected(
                adapter.adapt(note(n -> n.tamperCiphertext = b -> Arrays.copyOf(b, 10))),
                "decryption failed: resource.ciphertext is 10 bytes, shorter than the 16-byte tag");
        rejected(
                adapter.adapt(note(n -> n.tamperCiphertext = b -> Arrays.copyOf(b, b.length - 4))),
                "decryption failed: authentication tag mismatch");
        rejected(
                adapter.adapt(
                        note(
                                n ->
                                        n.tamperCiphertext =
                                                b -> {
                                                    b[b.length - 1] ^= 0x40;
                                                    return b;
                                                })),
                "decryption failed: authentication tag mismatch");
        rejected(
                adapter.adapt(
                        note(
                                n ->
                                        n.tamperCiphertext =
                                                b -> {
                                                    b[3] ^= 0x01;
                                                    return b;
                                                })),
                "decryption failed: authentication tag mismatch");
        rejected(
                adapter.adapt(note(n -> n.encryptAssociatedData = "refund")),
                "decryption failed: authentication tag mismatch");
        rejected(
                adapter.adapt(note(n -> n.encryptKey = otherKeyText())),
                "decryption failed: authentication tag mismatch");
        rejected(
                adapter.adapt(note(n -> n.resourceNonce = "short")),
                "decryption failed: resource.nonce must be 12 bytes");
        rejected(
                adapter.adapt(note(n -> n.algorithm = "AEAD_SM4_GCM")),
                "unsupported resource.algorithm \"AEAD_SM4_GCM\"");
    }

    @Test
    void decryptedContentMustBeJson() {
        rejected(
                adapter.adapt(note(n -> n.plaintext = "{\"openid\":\"" + OPENID + "\"")),
                "decrypted resource is not JSON");
        rejected(
                adapter.adapt(note(n -> n.plaintext = "[1,2]")),
                "decrypted resource is not a JSON object");
    }

    // ---- content ------------------------------------------------------------------------------

    @Test
    void unknownEventTypesAreRejected() {
        rejected(
                adapter.adapt(note(n -> n.eventType = "TRANSACTION.CLOSED")),
                "unknown event_type \"TRANSACTION.CLOSED\"");
        rejected(
                adapter.adapt(note(n -> n.eventType = "MCHTRANSFER.BILL.FINISHED")),
                "unknown event_type");
    }

    @Test
    void malformedRecords() {
        String good = new WeChatFixture.Note().record();
        rejected(adapter.adapt(null), "record is empty");
        rejected(adapter.adapt(""), "record is empty");
        rejected(adapter.adapt("not json"), "record is not JSON (line 1, column");
        rejected(adapter.adapt("[]"), "record is not a JSON object");
        rejected(adapter.adapt(good + " {}"), "record is not JSON");
        rejected(
                adapter.adapt("{\"received_at\":\"2026-11-25T10:00:03+08:00\",\"body\":\"{}\"}"),
                "missing field headers");
        rejected(
                adapter.adapt(
                        good.replace("\"headers\":{", "\"headers\":[{")
                                .replace("},\"body\"", "}],\"body\"")),
                "headers must be an object");
        rejected(adapter.adapt(good.replace("\"body\":", "\"bodyx\":")), "missing field body");
        rejected(
                adapter.adapt(good.replace("\"received_at\":", "\"received\":")),
                "missing field received_at");
        rejected(
                adapter.adapt(good.replace("2026-11-25T10:00:03+08:00", "2026-11-25 10:00:03")),
                "received_at is not an ISO-8601 time");
        rejected(
                adapter.adapt(good.replace("\"Wechatpay-Nonce\"", "\"X-Nonce\"")),
                "missing header Wechatpay-Nonce");
        rejected(
                adapter.adapt(good.replace("\"Wechatpay-Serial\"", "\"X-Serial\"")),
                "missing header Wechatpay-Serial");
        rejected(
                adapter.adapt(good.replace("\"Wechatpay-Timestamp\"", "\"X-Timestamp\"")),
                "missing header Wechatpay-Timestamp");
        rejected(
                adapter.adapt(good.replace("\"Wechatpay-Signature\"", "\"X-Signature\"")),
                "missing header Wechatpay-Signature");
        rejected(
                adapter.adapt(good.replace("\"Content-Type\"", "\"wechatpay-serial\"")),
                "header Wechatpay-Serial given twice");
        rejected(
                adapter.adapt(good.replace("\"" + (RECEIVED_EPOCH - 2) + "\"", "\"17640360O1\"")),
                "Wechatpay-Timestamp must be epoch seconds");
        rejected(
                adapter.adapt(
                        good.replace(
                                "\"" + (RECEIVED_EPOCH - 2) + "\"", "" + (RECEIVED_EPOCH - 2))),
                "header Wechatpay-Timestamp must be a string");
        rejected(
                adapter.adapt("{\"received_at\":\"x\",\"received_at\":\"y\"}"),
                "record is not JSON");
        rejected(adapter.adapt("{" + "\"a\":\"" + "x".repeat(70_000) + "\"}"), "oversize record");
    }

    @Test
    void notificationBodyFields() {
        rejected(adapter.adapt(note(n -> n.id = "x".repeat(125))), "id longer than 124 chars");
        rejected(adapter.adapt(note(n -> n.id = "  ")), "id must not be empty");
        rejected(
                adapter.adapt(note(n -> n.id = "EV\u0001")),
                "id contains U+0001 (control character)");
        event(adapter.adapt(note(n -> n.id = "x".repeat(124))));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "out_trade_no|remove|missing field out_trade_no",
                "out_trade_no|\"\"|out_trade_no must not be empty",
                "out_trade_no|\""
                        + "123456789012345678901234567890123456789012345678901234567890ABCDE"
                        + "\"|out_trade_no longer than 64 chars",
                "out_trade_no|1234|out_trade_no must be a string",
                "transaction_id|remove|missing field transaction_id",
                "mchid|remove|missing field mchid (or sub_mchid)",
                "trade_state|\"NOTPAY\"|TRANSACTION.SUCCESS with trade_state \"NOTPAY\"",
                "success_time|remove|missing field success_time",
                "success_time|\"2026-11-25 10:00:01\"|success_time is not an ISO-8601 time with offset",
                "success_time|\"2026-11-25T10:00:01\"|success_time is not an ISO-8601 time with offset",
                "success_time|\"1999-12-31T23:59:59+08:00\"|success_time out of range",
                "success_time|\"2100-01-01T08:00:00+08:00\"|success_time out of range",
                "amount|remove|missing field amount",
                "amount|5|amount must be an object",
                "amount.total|remove|missing field amount.total",
                "amount.total|-1|amount.total must not be negative",
                "amount.total|12.30|amount.total must be an integer number of fen",
                "amount.total|\"1230\"|amount.total must be an integer number of fen",
                "amount.total|10000000001|amount.total absurdly large",
                "amount.total|99999999999999999999999|amount.total absurdly large",
                "amount.payer_total|-5|amount.payer_total must not be negative",
                "amount.currency|\"cny\"|amount.currency must be an ISO-4217 currency code",
                "amount.currency|\"XXX\"|amount.currency must be an ISO-4217 currency code",
                "amount.currency|\"ABC\"|amount.currency must be an ISO-4217 currency code",
                "out_trade_no|\"o-1\\u202Eevil\"|out_trade_no contains U+202E (bidirectional control)",
                "out_trade_no|\"o-1\\u2028\"|out_trade_no contains U+2028 (line separator)",
                "transaction_id|\"42\\u2066\"|transaction_id contains U+2066 (bidirectional control)",
                "payer|\"x\"|payer must be an object",
            })
    void transactionFieldValidation(String spec) {
        String[] p = spec.split("\\|");
        ObjectNode t = WeChatFixture.transaction();
        String[] path = p[0].split("\\.");
        ObjectNode target = path.length == 1 ? t : (ObjectNode) t.get(path[0]);
        String field = path[path.length - 1];
        if (p[1].equals("remove")) {
            target.remove(field);
        } else {
            target.set(field, Json.read(p[1], com.fasterxml.jackson.databind.JsonNode.class));
        }
        rejected(adapter.adapt(note(n -> n.event("TRANSACTION.SUCCESS", t))), p[2]);
    }

    @Test
    void payerIdOfTheWrongTypeIsRejectedWithoutQuotingIt() {
        ObjectNode t = WeChatFixture.transaction();
        t.putObject("payer").putArray("openid").add(OPENID);
        rejected(
                adapter.adapt(note(n -> n.event("TRANSACTION.SUCCESS", t))),
                "payer.openid must be a string");
    }

    @Test
    void maximalIdsPassTheCoreAndAnUnusableDeviceIdIsDropped() {
        ObjectNode t = WeChatFixture.transaction();
        t.put("out_trade_no", "o".repeat(64));
        t.put("mchid", "m".repeat(64));
        t.put("transaction_id", "t".repeat(64));
        ((ObjectNode) t.get("amount")).put("total", 10_000_000_000L);
        ((ObjectNode) t.get("scene_info")).put("device_id", "d".repeat(65));
        ProviderEvent e = event(adapter.adapt(note(n -> n.event("TRANSACTION.SUCCESS", t))));
        assertThat(e.deviceId()).isNull();
        assertThat(e.amountMinor()).isEqualTo(10_000_000_000L);
    }

    @Test
    void refundValidation() {
        ObjectNode tooMuch = WeChatFixture.refund();
        ((ObjectNode) tooMuch.get("amount")).put("refund", 1231);
        rejected(
                adapter.adapt(note(n -> n.event("REFUND.SUCCESS", tooMuch))),
                "amount.refund 1231 exceeds the order's amount.total 1230");
        ObjectNode zero = WeChatFixture.refund();
        ((ObjectNode) zero.get("amount")).put("refund", 0);
        rejected(
                adapter.adapt(note(n -> n.event("REFUND.SUCCESS", zero))),
                "amount.refund must be positive");
        ObjectNode noNo = WeChatFixture.refund();
        noNo.remove("out_refund_no");
        rejected(
                adapter.adapt(note(n -> n.event("REFUND.SUCCESS", noNo))),
                "missing field out_refund_no");
        ObjectNode status = WeChatFixture.refund();
        status.put("refund_status", "PROCESSING");
        rejected(
                adapter.adapt(note(n -> n.event("REFUND.SUCCESS", status))),
                "REFUND.SUCCESS with refund_status \"PROCESSING\"");
    }

    @Test
    void neverThrows() {
        for (String s :
                new String[] {
                    "{", "null", "1", "\"x\"", "{\"headers\":null}", "{\"received_at\":1}", "\u0000"
                }) {
            assertThat(adapter.adapt(s)).isInstanceOf(Adapted.Rejected.class);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The APIv3 key with its first character changed: always a different key. */
    private static String otherKeyText() {
        char first = API_KEY_TEXT.charAt(0) == 'Z' ? 'Y' : 'Z';
        String other = first + API_KEY_TEXT.substring(1);
        assertThat(other).isNotEqualTo(API_KEY_TEXT);
        return other;
    }

    private static String note(Consumer<WeChatFixture.Note> change) {
        WeChatFixture.Note n = new WeChatFixture.Note();
        change.accept(n);
        return n.record();
    }

    /** The single event; it must also survive the core's own parser unchanged. */
    static ProviderEvent event(Adapted a) {
        assertThat(a).as(a.toString()).isInstanceOf(Adapted.Events.class);
        assertPrivate(a);
        java.util.List<ProviderEvent> events = ((Adapted.Events) a).events();
        assertThat(events).hasSize(1);
        ProviderEvent e = events.get(0);
        Parsed<ProviderEvent> reparsed = EventParser.parseProvider(Json.write(e));
        assertThat(reparsed).isEqualTo(new Parsed.Ok<>(e));
        return e;
    }

    static void rejected(Adapted a, String reasonPart) {
        assertThat(a).as(a.toString()).isInstanceOf(Adapted.Rejected.class);
        String reason = ((Adapted.Rejected) a).reason();
        assertThat(reason).contains(reasonPart).doesNotContain("\n", "\r");
        assertPrivate(a);
    }

    /** No payer id, APIv3 key or platform key material in anything that leaves the adapter. */
    private static void assertPrivate(Adapted a) {
        String out = Json.write(a) + a;
        assertThat(out).doesNotContain(OPENID, SUB_OPENID, SP_OPENID, API_KEY_TEXT);
        String pem = TestKeys.publicPem(TestKeys.PLATFORM);
        String b64 = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        for (int i = 0; i + 16 <= b64.length(); i += 16) {
            assertThat(out).doesNotContain(b64.substring(i, i + 16));
        }
        assertThat(out).doesNotContain(ApiV3Key.class.getSimpleName() + "[" + API_KEY_TEXT);
    }
}
