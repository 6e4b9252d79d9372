package io.debitwatch.providers.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.providers.keys.ApiV3Key;
import io.debitwatch.providers.keys.TestKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
 * The keys of many merchant accounts, generated for a test run, and notifications signed with them
 * as WeChat Pay and Alipay sign them; {@link #files()} is the key directory's content (one file per
 * key, named as docs/formats.md says). For the key-store tests of the providers, the job and the
 * app.
 */
public final class MerchantKeys {

    private final AtomicLong nonces = new AtomicLong();
    private final List<WeChatAccount> wechat = new ArrayList<>();
    private final List<AlipayApp> alipay = new ArrayList<>();

    /**
     * A WeChat Pay platform key: the serial it signs under, its key pair and its file's content (a
     * public key, or a platform certificate).
     */
    public record Platform(String serial, KeyPair pair, String pem) {}

    /** A WeChat Pay account (direct merchant or service provider) with its keys. */
    public final class WeChatAccount {
        public final String mchid;
        public final String apiV3Key = randomKeyText();

        /** Every platform key it had, oldest first; the last signs new notifications. */
        public final List<Platform> platforms = new ArrayList<>();

        private WeChatAccount(String mchid) {
            this.mchid = mchid;
            rotate();
        }

        /** A new platform key (a rotation): new notifications are signed with it. */
        public Platform rotate() {
            KeyPair pair = TestKeys.rsa(2048);
            Platform p =
                    new Platform(
                            "PUB_KEY_ID_01" + mchid + String.format("%02d", platforms.size() + 1),
                            pair,
                            TestKeys.publicPem(pair));
            platforms.add(p);
            return p;
        }

        /** A new platform certificate (平台证书 mode): signs under its serial. */
        public Platform rotateToCertificate() {
            TestCertificates.Issued cert = TestCertificates.issue("Wechatpay " + mchid);
            Platform p = new Platform(cert.serialHex(), cert.pair(), cert.pem());
            platforms.add(p);
            return p;
        }

        public Platform current() {
            return platforms.get(platforms.size() - 1);
        }

        /** A notification of this account, signed under {@code platform}. */
        public WeChatRecord notification(
                Platform platform, String id, String eventType, ObjectNode plain) {
            return new WeChatRecord(this, platform, id, eventType, plain);
        }
    }

    /** An Alipay app with Alipay's key pairs for it and its sellers. */
    public final class AlipayApp {
        public final String appId;
        public final List<String> sellers;

        /** Every key pair Alipay had for the app, oldest first; the last signs. */
        public final List<KeyPair> keys = new ArrayList<>();

        /** Alipay public-key certificates of {@link #keys} (certificate mode), else empty. */
        public final List<String> certificates = new ArrayList<>();

        private AlipayApp(String appId, List<String> sellers) {
            this.appId = appId;
            this.sellers = List.copyOf(sellers);
            rotate();
        }

        /** A new key for the app. */
        public KeyPair rotate() {
            KeyPair k = TestKeys.rsa(2048);
            keys.add(k);
            return k;
        }

        /** A new key in Alipay's public-key certificate mode: its file is a certificate. */
        public KeyPair rotateToCertificate() {
            TestCertificates.Issued cert = TestCertificates.issue("Alipay " + appId);
            while (certificates.size() < keys.size()) {
                certificates.add(null);
            }
            keys.add(cert.pair());
            certificates.add(cert.pem());
            return cert.pair();
        }

        public KeyPair current() {
            return keys.get(keys.size() - 1);
        }
    }

    /** A new WeChat Pay account with one platform key. */
    public WeChatAccount wechat(String mchid) {
        WeChatAccount a = new WeChatAccount(mchid);
        wechat.add(a);
        return a;
    }

    /** A new Alipay app with one key; {@code sellers} empty: any seller. */
    public AlipayApp alipay(String appId, String... sellers) {
        AlipayApp a = new AlipayApp(appId, List.of(sellers));
        alipay.add(a);
        return a;
    }

    /**
     * The key directory of every account: file name to content, as docs/formats.md names them (all
     * platform keys and all Alipay keys of an app, so a rotation has old and new).
     */
    public Map<String, String> files() {
        Map<String, String> files = new TreeMap<>();
        for (WeChatAccount a : wechat) {
            files.putAll(files(a));
        }
        for (AlipayApp a : alipay) {
            files.putAll(files(a));
        }
        return files;
    }

    /** The key files of one WeChat Pay account. */
    public static Map<String, String> files(WeChatAccount a) {
        Map<String, String> files = new TreeMap<>();
        files.put("wechat." + a.mchid + ".apiv3-key", a.apiV3Key + "\n");
        for (Platform p : a.platforms) {
            files.put("wechat." + a.mchid + ".platform." + p.serial() + ".pem", p.pem());
        }
        return files;
    }

    /** The key files of one Alipay app. */
    public static Map<String, String> files(AlipayApp a) {
        Map<String, String> files = new TreeMap<>();
        for (int i = 0; i < a.keys.size(); i++) {
            String label = i == 0 ? "" : ".k" + (i + 1);
            String cert = i < a.certificates.size() ? a.certificates.get(i) : null;
            files.put(
                    "alipay."
                            + a.appId
                            + (cert != null ? ".alipay-cert" : ".alipay-public-key")
                            + label
                            + ".pem",
                    cert != null ? cert : TestKeys.publicPem(a.keys.get(i)));
        }
        if (!a.sellers.isEmpty()) {
            files.put("alipay." + a.appId + ".sellers", String.join("\n", a.sellers) + "\n");
        }
        return files;
    }

    // ---- WeChat Pay ---------------------------------------------------------------------------

    /** One WeChat Pay notification record; genuine unless changed. */
    public final class WeChatRecord {
        private final WeChatAccount account;
        private final String id;
        private final String eventType;
        private final ObjectNode plain;
        private PrivateKey signer;
        private String serial;
        private String apiV3Key;
        private OffsetDateTime receivedAt = OffsetDateTime.parse("2026-11-25T10:00:03+08:00");
        private String bodyChange;

        private WeChatRecord(
                WeChatAccount account,
                Platform platform,
                String id,
                String eventType,
                ObjectNode plain) {
            this.account = account;
            this.id = id;
            this.eventType = eventType;
            this.plain = plain;
            this.signer = platform.pair().getPrivate();
            this.serial = platform.serial();
            this.apiV3Key = account.apiV3Key;
        }

        public WeChatRecord receivedAt(OffsetDateTime at) {
            this.receivedAt = at;
            return this;
        }

        /** Sent with another {@code Wechatpay-Serial} than the key that signed it. */
        public WeChatRecord serial(String serial) {
            this.serial = serial;
            return this;
        }

        /** Signed with another key. */
        public WeChatRecord signer(PrivateKey signer) {
            this.signer = signer;
            return this;
        }

        /** The resource encrypted under another APIv3 key. */
        public WeChatRecord apiV3Key(String key) {
            this.apiV3Key = key;
            return this;
        }

        /** The body altered after signing: {@code summary} replaced. */
        public WeChatRecord tamperedBody(String summary) {
            this.bodyChange = summary;
            return this;
        }

        public WeChatAccount account() {
            return account;
        }

        public String record() {
            String aad = eventType.startsWith("REFUND") ? "refund" : "transaction";
            long n = nonces.incrementAndGet();
            String resourceNonce = String.format("m%011d", n);
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
            OffsetDateTime signedAt = receivedAt.minusSeconds(2);
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("id", id);
            body.put("create_time", signedAt.toString());
            body.put("resource_type", "encrypt-resource");
            body.put("event_type", eventType);
            body.put("summary", eventType.startsWith("REFUND") ? "退款通知" : "支付成功");
            body.set("resource", resource);
            String signedBody = Json.write(body);
            String ts = Long.toString(signedAt.toEpochSecond());
            String nonce = String.format("MK8264ILTKCH16CQ2502SI%010d", n);
            String sig =
                    sign("SHA256withRSA", signer, ts + "\n" + nonce + "\n" + signedBody + "\n");
            if (bodyChange != null) {
                body.put("summary", bodyChange);
            }
            ObjectNode headers = Json.mapper().createObjectNode();
            headers.put("Wechatpay-Serial", serial);
            headers.put("Wechatpay-Signature", sig);
            headers.put("Wechatpay-Timestamp", ts);
            headers.put("Wechatpay-Nonce", nonce);
            headers.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
            ObjectNode record = Json.mapper().createObjectNode();
            record.put("received_at", receivedAt.toString());
            record.set("headers", headers);
            record.put("body", Json.write(body));
            return Json.write(record);
        }
    }

    /**
     * The decrypted resource of a service provider's TRANSACTION.SUCCESS: {@code sp_mchid} is the
     * provider (whose keys sign and encrypt), {@code sub_mchid} the merchant that sold.
     */
    public static ObjectNode partnerTransaction(
            String spMchid,
            String subMchid,
            String outTradeNo,
            String transactionId,
            OffsetDateTime successTime,
            long totalFen,
            String openid) {
        ObjectNode t =
                SignedNotifications.wechatTransaction(
                        spMchid, outTradeNo, transactionId, successTime, totalFen, openid);
        t.remove("mchid");
        t.remove("appid");
        t.put("sp_appid", "wx8888888888888888");
        t.put("sp_mchid", spMchid);
        t.put("sub_mchid", subMchid);
        ObjectNode payer = Json.mapper().createObjectNode();
        payer.put("sp_openid", openid);
        t.set("payer", payer);
        return t;
    }

    // ---- Alipay -------------------------------------------------------------------------------

    /**
     * The record of {@code params} of {@code app}, its {@code app_id} set, signed under {@code
     * signer} with {@code signType} (RSA2 = SHA256withRSA, RSA = SHA1withRSA), then {@code changes}
     * made (tampering).
     */
    public static String alipay(
            AlipayApp app,
            Map<String, String> params,
            KeyPair signer,
            String signType,
            Map<String, String> changes,
            OffsetDateTime receivedAt) {
        LinkedHashMap<String, String> p = new LinkedHashMap<>(params);
        p.put("app_id", app.appId);
        p.put("auth_app_id", app.appId);
        p.put("sign_type", signType);
        p.remove("sign");
        String algorithm = signType.equals("RSA") ? "SHA1withRSA" : "SHA256withRSA";
        p.put("sign", sign(algorithm, signer.getPrivate(), signContent(p)));
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

    private static String sign(String algorithm, PrivateKey key, String message) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A random APIv3 key text (32 ASCII letters and digits). */
    public static String randomKeyText() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ApiV3Key.LENGTH; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
