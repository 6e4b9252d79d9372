package io.debitwatch.providers.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.alipay.AlipayAllowList;
import io.debitwatch.providers.alipay.AlipayNotifications;
import io.debitwatch.providers.keys.ApiV3Key;
import io.debitwatch.providers.keys.TestKeys;
import io.debitwatch.providers.keys.WeChatPlatformKeys;
import io.debitwatch.providers.wechat.WeChatNotifications;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Raw provider notifications as an acquirer's callback endpoint receives them, built the way WeChat
 * Pay and Alipay build them, with keys generated for the test run: WeChat Pay v3 notifications with
 * the resource encrypted under the APIv3 key and the body signed with the platform key, and Alipay
 * form notifications signed with RSA2. For the tests of the modules that feed these records to the
 * job (the providers' test jar); the adapters' own tests use their package fixtures.
 *
 * <p>Each instance has its own keys; {@link #writeKeyFiles} writes what the job is configured with.
 */
public final class SignedNotifications {

    /** The platform public key id WeChat Pay sends as {@code Wechatpay-Serial}. */
    public static final String WECHAT_SERIAL = "PUB_KEY_ID_0114259982025112500180096000903614";

    /** The app id of the Alipay notifications built here: give it to the job as the merchant's. */
    public static final String ALIPAY_APP_ID = "2021000000000001";

    /** The HMAC secret of payer ids in the tests (at least 16 bytes). */
    public static final String PAYER_SECRET = "test-only-payer-secret-0123456789";

    private static final DateTimeFormatter ALIPAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    private final KeyPair wechatPlatform = TestKeys.rsa(2048);
    private final KeyPair alipay = TestKeys.rsa(2048);
    private final KeyPair stranger = TestKeys.rsa(2048);
    private final String apiV3Key = randomKeyText();
    private final AtomicLong nonces = new AtomicLong();

    /** Where {@link #writeKeyFiles} put the keys. */
    public record KeyFiles(
            Path apiV3Key, Path wechatPlatformPublicKey, Path alipayPublicKey, Path payerSecret) {

        /** The {@code SERIAL=PATH} spec of the WeChat Pay platform public key. */
        public String wechatPlatformKeySpec() {
            return WECHAT_SERIAL + "=" + wechatPlatformPublicKey;
        }
    }

    /**
     * Writes the APIv3 key, both providers' public keys (PEM) and the payer secret into {@code
     * dir}.
     */
    public KeyFiles writeKeyFiles(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyFiles files =
                    new KeyFiles(
                            dir.resolve("wechat-apiv3.key"),
                            dir.resolve("wechatpay-pub.pem"),
                            dir.resolve("alipay-pub.pem"),
                            dir.resolve("payer-id.secret"));
            Files.writeString(files.apiV3Key(), apiV3Key + "\n", StandardCharsets.US_ASCII);
            Files.writeString(files.wechatPlatformPublicKey(), TestKeys.publicPem(wechatPlatform));
            Files.writeString(files.alipayPublicKey(), TestKeys.publicPem(alipay));
            Files.writeString(files.payerSecret(), PAYER_SECRET + "\n");
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The APIv3 key's text: it must never appear in any output. */
    public String apiV3KeyText() {
        return apiV3Key;
    }

    /** The adapter the job builds from the key files, for computing expectations. */
    public WeChatNotifications wechatAdapter(PayerIds payerIds) {
        return new WeChatNotifications(
                WeChatPlatformKeys.of(Map.of(WECHAT_SERIAL, wechatPlatform.getPublic())),
                ApiV3Key.of(apiV3Key),
                payerIds);
    }

    /** The adapter the job builds from the key files, for computing expectations. */
    public AlipayNotifications alipayAdapter(PayerIds payerIds) {
        return new AlipayNotifications(
                alipay.getPublic(),
                AlipayAllowList.of(List.of(ALIPAY_APP_ID), List.of()),
                payerIds);
    }

    // ---- WeChat Pay ---------------------------------------------------------------------------

    /** A WeChat Pay notification of {@code eventType} whose resource decrypts to {@code plain}. */
    public WeChat wechat(String id, String eventType, ObjectNode plain) {
        return new WeChat(id, eventType, plain);
    }

    /** One WeChat Pay notification record; by default genuine, received 2 s after signing. */
    public final class WeChat {
        private final String id;
        private final String eventType;
        private final ObjectNode plain;
        private OffsetDateTime receivedAt;
        private Duration signedBeforeReceipt = Duration.ofSeconds(2);
        private PrivateKey signer = wechatPlatform.getPrivate();
        private String signature;

        private WeChat(String id, String eventType, ObjectNode plain) {
            this.id = id;
            this.eventType = eventType;
            this.plain = plain;
            this.receivedAt = OffsetDateTime.parse("2026-11-25T10:00:03+08:00");
        }

        /** When the endpoint received it (and, 2 s before, WeChat Pay signed it). */
        public WeChat receivedAt(OffsetDateTime at) {
            this.receivedAt = at;
            return this;
        }

        /** Signed this long before receipt: more than 5 min makes it a replay. */
        public WeChat signedBeforeReceipt(Duration d) {
            this.signedBeforeReceipt = d;
            return this;
        }

        /** Signed with a key WeChat Pay does not have: a forgery. */
        public WeChat signedByStranger() {
            this.signer = stranger.getPrivate();
            return this;
        }

        /** WeChat Pay's signature-verification probe. */
        public WeChat probe() {
            this.signature = "WECHATPAY/SIGNTEST/" + "A".repeat(340);
            return this;
        }

        public String record() {
            String aad = eventType.startsWith("REFUND") ? "refund" : "transaction";
            long n = nonces.incrementAndGet();
            String resourceNonce = String.format("r%011d", n);
            byte[] sealed =
                    encrypt(
                            apiV3Key,
                            resourceNonce,
                            aad,
                            Json.write(plain).getBytes(StandardCharsets.UTF_8));
            ObjectNode resource = Json.mapper().createObjectNode();
            resource.put("original_type", aad);
            resource.put("algorithm", "AEAD_AES_256_GCM");
            resource.put("ciphertext", Base64.getEncoder().encodeToString(sealed));
            resource.put("associated_data", aad);
            resource.put("nonce", resourceNonce);
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("id", id);
            body.put("create_time", receivedAt.minus(signedBeforeReceipt).toString());
            body.put("resource_type", "encrypt-resource");
            body.put("event_type", eventType);
            body.put("summary", eventType.startsWith("REFUND") ? "退款通知" : "支付成功");
            body.set("resource", resource);
            String bodyText = Json.write(body);
            String ts = Long.toString(receivedAt.minus(signedBeforeReceipt).toEpochSecond());
            String nonce = String.format("5K8264ILTKCH16CQ2502SI%010d", n);
            String sig =
                    signature != null
                            ? signature
                            : sign(signer, ts + "\n" + nonce + "\n" + bodyText + "\n");
            ObjectNode headers = Json.mapper().createObjectNode();
            headers.put("Wechatpay-Serial", WECHAT_SERIAL);
            headers.put("Wechatpay-Signature", sig);
            headers.put("Wechatpay-Timestamp", ts);
            headers.put("Wechatpay-Nonce", nonce);
            headers.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
            ObjectNode record = Json.mapper().createObjectNode();
            record.put("received_at", receivedAt.toString());
            record.set("headers", headers);
            record.put("body", bodyText);
            return Json.write(record);
        }
    }

    /** The decrypted resource of a TRANSACTION.SUCCESS (a direct merchant's barcode payment). */
    public static ObjectNode wechatTransaction(
            String mchid,
            String outTradeNo,
            String transactionId,
            OffsetDateTime successTime,
            long totalFen,
            String openid) {
        ObjectNode t = Json.mapper().createObjectNode();
        t.put("appid", "wxd678efh567hg6787");
        t.put("mchid", mchid);
        t.put("out_trade_no", outTradeNo);
        t.put("transaction_id", transactionId);
        t.put("trade_type", "MICROPAY");
        t.put("trade_state", "SUCCESS");
        t.put("trade_state_desc", "支付成功");
        t.put("bank_type", "CMC");
        t.put("success_time", successTime.toString());
        t.putObject("payer").put("openid", openid);
        ObjectNode amount = t.putObject("amount");
        amount.put("total", totalFen);
        amount.put("payer_total", totalFen);
        amount.put("currency", "CNY");
        amount.put("payer_currency", "CNY");
        return t;
    }

    /**
     * The decrypted resource of a refund notification: {@code status} SUCCESS (with {@code
     * successTime}), ABNORMAL or CLOSED (without).
     */
    public static ObjectNode wechatRefund(
            String mchid,
            String outTradeNo,
            String transactionId,
            String outRefundNo,
            String status,
            OffsetDateTime successTime,
            long totalFen,
            long refundFen) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("mchid", mchid);
        r.put("out_trade_no", outTradeNo);
        r.put("transaction_id", transactionId);
        r.put("out_refund_no", outRefundNo);
        r.put("refund_id", "5000000038" + Math.abs(outRefundNo.hashCode()));
        r.put("refund_status", status);
        if (successTime != null) {
            r.put("success_time", successTime.toString());
        }
        r.put("user_received_account", "招商银行信用卡0403");
        ObjectNode amount = r.putObject("amount");
        amount.put("total", totalFen);
        amount.put("refund", refundFen);
        amount.put("payer_total", totalFen);
        amount.put("payer_refund", refundFen);
        return r;
    }

    // ---- Alipay -------------------------------------------------------------------------------

    /**
     * The parameters of an Alipay trade notification ({@code trade_status} TRADE_SUCCESS,
     * TRADE_CLOSED, TRADE_FINISHED or WAIT_BUYER_PAY) whose state changed at {@code at} (Beijing
     * time): {@code gmt_payment} for a success, {@code gmt_close} for a close or finish. Add {@code
     * refund_fee}, {@code gmt_refund} and {@code out_biz_no} for a refund.
     */
    public static LinkedHashMap<String, String> alipayTrade(
            String notifyId,
            String tradeStatus,
            String sellerId,
            String outTradeNo,
            String tradeNo,
            OffsetDateTime at,
            long totalFen,
            String buyerId,
            String buyerLogonId) {
        LocalDateTime local = at.atZoneSameInstant(BEIJING).toLocalDateTime();
        String yuan = (totalFen / 100) + "." + String.format("%02d", totalFen % 100);
        LinkedHashMap<String, String> p = new LinkedHashMap<>();
        p.put("gmt_create", ALIPAY_TIME.format(local.minusSeconds(5)));
        p.put("charset", "utf-8");
        p.put("seller_email", "shop@example.com");
        p.put("subject", "POS 消费 & more=yes");
        p.put("sign", "");
        p.put("buyer_id", buyerId);
        p.put("notify_id", notifyId);
        p.put("notify_type", "trade_status_sync");
        p.put("trade_status", tradeStatus);
        p.put("app_id", ALIPAY_APP_ID);
        p.put("sign_type", "RSA2");
        p.put("seller_id", sellerId);
        if (tradeStatus.equals("TRADE_SUCCESS")) {
            p.put("gmt_payment", ALIPAY_TIME.format(local));
            p.put("buyer_pay_amount", yuan);
            p.put("receipt_amount", yuan);
        } else if (!tradeStatus.equals("WAIT_BUYER_PAY")) {
            p.put("gmt_close", ALIPAY_TIME.format(local));
        }
        p.put("notify_time", ALIPAY_TIME.format(local.plusSeconds(1)));
        p.put("version", "1.0");
        p.put("out_trade_no", outTradeNo);
        p.put("total_amount", yuan);
        p.put("trade_no", tradeNo);
        p.put("auth_app_id", ALIPAY_APP_ID);
        p.put("buyer_logon_id", buyerLogonId);
        return p;
    }

    /** The record of {@code params}, signed by Alipay, received at {@code receivedAt}. */
    public String alipay(Map<String, String> params, OffsetDateTime receivedAt) {
        return alipay(params, receivedAt, alipay.getPrivate(), Map.of());
    }

    /** Signed with a key that is not Alipay's: a forgery. */
    public String alipayForged(Map<String, String> params, OffsetDateTime receivedAt) {
        return alipay(params, receivedAt, stranger.getPrivate(), Map.of());
    }

    /** Signed by Alipay, then {@code changes} made to the parameters: tampered with. */
    public String alipayTampered(
            Map<String, String> params, OffsetDateTime receivedAt, Map<String, String> changes) {
        return alipay(params, receivedAt, alipay.getPrivate(), changes);
    }

    private static String alipay(
            Map<String, String> params,
            OffsetDateTime receivedAt,
            PrivateKey signer,
            Map<String, String> changes) {
        LinkedHashMap<String, String> p = new LinkedHashMap<>(params);
        if ("".equals(p.get("sign"))) {
            p.put("sign", sign(signer, signContent(p)));
        }
        p.putAll(changes);
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : p.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("received_at", receivedAt.toString());
        r.put("body", body.toString());
        return Json.write(r);
    }

    private static String signContent(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            String k = e.getKey();
            // As Alipay's SDK (getSignCheckContentV1): empty and whitespace-only values left out.
            if (k.equals("sign") || k.equals("sign_type") || e.getValue().isBlank()) {
                continue;
            }
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(k).append('=').append(e.getValue());
        }
        return b.toString();
    }

    // ---- crypto -------------------------------------------------------------------------------

    private static byte[] encrypt(String key, String nonce, String aad, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "AES"),
                    new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(PrivateKey key, String message) {
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
}
