package io.debitwatch.providers.wechat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.keys.ApiV3Key;
import io.debitwatch.providers.keys.TestKeys;
import io.debitwatch.providers.keys.WeChatPlatformKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds WeChat Pay v3 notification records the way WeChat Pay and the acquirer's endpoint would:
 * the resource encrypted with the APIv3 key, the body signed with the platform key (generated at
 * test time). Every knob can be turned to produce a bad record.
 */
final class WeChatFixture {

    static final String SERIAL = "PUB_KEY_ID_0114259982025112500180096000903614";
    static final String OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
    static final String SUB_OPENID = "o9xQz5SUBOPENIDjVb2lX8hF0mQw";
    static final String SP_OPENID = "oSP8uSPOPENIDAAAb1Q9zNjWeXyZ";
    static final String RECEIVED_AT = "2026-11-25T10:00:03+08:00";
    static final long RECEIVED_EPOCH = OffsetDateTime.parse(RECEIVED_AT).toEpochSecond();
    static final byte[] PAYER_SECRET =
            "test-only-payer-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    /** A random 32-character APIv3 key per test run. */
    static final String API_KEY_TEXT = randomKeyText();

    static final ApiV3Key API_KEY = ApiV3Key.of(API_KEY_TEXT);

    static WeChatNotifications adapter() {
        return new WeChatNotifications(
                WeChatPlatformKeys.of(Map.of(SERIAL, TestKeys.PLATFORM.getPublic())),
                API_KEY,
                PayerIds.hmac(PAYER_SECRET));
    }

    /** One notification; fields are the defaults of a genuine payment notification. */
    static final class Note {
        String id = "EV-2026112510000012345";
        String createTime = "2026-11-25T10:00:02+08:00";
        String eventType = "TRANSACTION.SUCCESS";
        String resourceType = "encrypt-resource";
        String plaintext = Json.write(transaction());
        String algorithm = WeChatNotifications.ALGORITHM;
        String associatedData = "transaction";
        String encryptAssociatedData = null; // null: same as associatedData
        String resourceNonce = "fEd9v0cVt3aZ";
        String encryptKey = API_KEY_TEXT;
        UnaryOperator<byte[]> tamperCiphertext = b -> b;
        String serial = SERIAL;
        PrivateKey signer = TestKeys.PLATFORM.getPrivate();
        long timestamp = RECEIVED_EPOCH - 2;
        String nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
        String receivedAt = RECEIVED_AT;
        String signature = null; // null: computed
        UnaryOperator<String> bodyAfterSigning = b -> b;
        boolean lowerCaseHeaders = false;

        Note event(String type, ObjectNode plain) {
            this.eventType = type;
            this.plaintext = Json.write(plain);
            this.associatedData = type.startsWith("REFUND") ? "refund" : "transaction";
            return this;
        }

        String body() {
            String aad = encryptAssociatedData != null ? encryptAssociatedData : associatedData;
            byte[] sealed =
                    tamperCiphertext.apply(
                            encrypt(
                                    encryptKey,
                                    resourceNonce,
                                    aad,
                                    plaintext.getBytes(StandardCharsets.UTF_8)));
            ObjectNode resource = Json.mapper().createObjectNode();
            resource.put("original_type", associatedData);
            resource.put("algorithm", algorithm);
            resource.put("ciphertext", Base64.getEncoder().encodeToString(sealed));
            resource.put("associated_data", associatedData);
            resource.put("nonce", resourceNonce);
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("id", id);
            body.put("create_time", createTime);
            body.put("resource_type", resourceType);
            body.put("event_type", eventType);
            body.put("summary", "支付成功");
            body.set("resource", resource);
            return Json.write(body);
        }

        String record() {
            String body = body();
            String ts = Long.toString(timestamp);
            String sig =
                    signature != null
                            ? signature
                            : sign(signer, ts + "\n" + nonce + "\n" + body + "\n");
            ObjectNode headers = Json.mapper().createObjectNode();
            headers.put(name("Wechatpay-Serial"), serial);
            headers.put(name("Wechatpay-Signature"), sig);
            headers.put(name("Wechatpay-Timestamp"), ts);
            headers.put(name("Wechatpay-Nonce"), nonce);
            headers.put(name("Wechatpay-Signature-Type"), "WECHATPAY2-SHA256-RSA2048");
            headers.put(name("Content-Type"), "application/json");
            ObjectNode record = Json.mapper().createObjectNode();
            record.put("received_at", receivedAt);
            record.set("headers", headers);
            record.put("body", bodyAfterSigning.apply(body));
            return Json.write(record);
        }

        private String name(String header) {
            return lowerCaseHeaders ? header.toLowerCase() : header;
        }
    }

    /** A direct-merchant payment with a coupon-free amount of 12.30 CNY. */
    static ObjectNode transaction() {
        ObjectNode t = Json.mapper().createObjectNode();
        t.put("appid", "wxd678efh567hg6787");
        t.put("mchid", "1230000109");
        t.put("out_trade_no", "1217752501201407033233368018");
        t.put("transaction_id", "4200000001202611250123456789");
        t.put("trade_type", "MICROPAY");
        t.put("trade_state", "SUCCESS");
        t.put("trade_state_desc", "支付成功");
        t.put("bank_type", "CMC");
        t.put("attach", "");
        t.put("success_time", "2026-11-25T10:00:01+08:00");
        t.putObject("payer").put("openid", OPENID);
        ObjectNode amount = t.putObject("amount");
        amount.put("total", 1230);
        amount.put("payer_total", 1230);
        amount.put("currency", "CNY");
        amount.put("payer_currency", "CNY");
        t.putObject("scene_info").put("device_id", "POS-0042");
        return t;
    }

    /** A successful partial refund of 5.00 of the payment above. */
    static ObjectNode refund() {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("mchid", "1230000109");
        r.put("out_trade_no", "1217752501201407033233368018");
        r.put("transaction_id", "4200000001202611250123456789");
        r.put("out_refund_no", "RF-1217752501201407033233368018-1");
        r.put("refund_id", "50000000382019052709732678859");
        r.put("refund_status", "SUCCESS");
        r.put("success_time", "2026-11-25T11:00:00+08:00");
        r.put("user_received_account", "招商银行信用卡0403");
        ObjectNode amount = r.putObject("amount");
        amount.put("total", 1230);
        amount.put("refund", 500);
        amount.put("payer_total", 1230);
        amount.put("payer_refund", 500);
        return r;
    }

    static byte[] encrypt(String key, String nonce, String aad, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "AES"),
                    new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
            if (aad != null && !aad.isEmpty()) {
                c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            }
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(PrivateKey key, String message) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomKeyText() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ApiV3Key.LENGTH; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private WeChatFixture() {}
}
