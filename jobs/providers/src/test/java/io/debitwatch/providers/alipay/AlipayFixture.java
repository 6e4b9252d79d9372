package io.debitwatch.providers.alipay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.keys.TestKeys;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds Alipay asynchronous notification records the way Alipay posts them: RSA2-signed over the
 * content Alipay's Java SDK checks ({@code AlipaySignature.getSignCheckContentV1}: parameters but
 * {@code sign} and {@code sign_type}, sorted, those with an empty or whitespace-only value left
 * out), urlencoded in the declared charset, in Alipay's (unsorted) order.
 */
final class AlipayFixture {

    static final String BUYER_ID = "2088102146225135";
    static final String BUYER_LOGON_ID = "alice.buyer@example.com";
    static final byte[] PAYER_SECRET =
            "test-only-payer-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    /** The merchant's app id and seller id: those of {@link #payment()}. */
    static final String APP_ID = "2021000000000001";

    static final String SELLER_ID = "2088101117955611";

    /** The adapter of a merchant with {@link #APP_ID} and {@link #SELLER_ID}. */
    static AlipayNotifications adapter() {
        return adapter(AlipayAllowList.of(List.of(APP_ID), List.of(SELLER_ID)));
    }

    static AlipayNotifications adapter(AlipayAllowList allowed) {
        return new AlipayNotifications(
                TestKeys.PLATFORM.getPublic(), allowed, PayerIds.hmac(PAYER_SECRET));
    }

    /** The parameters of a genuine face-to-face payment notification of 12.30 CNY. */
    static LinkedHashMap<String, String> payment() {
        LinkedHashMap<String, String> p = new LinkedHashMap<>();
        p.put("gmt_create", "2026-11-25 10:00:00");
        p.put("charset", "utf-8");
        p.put("seller_email", "shop@example.com");
        p.put("subject", "POS 消费 #42 & more=yes");
        p.put("sign", "");
        p.put("buyer_id", BUYER_ID);
        p.put("invoice_amount", "12.30");
        p.put("notify_id", "2026112500222100001234567890123456");
        p.put("fund_bill_list", "[{\"amount\":\"12.30\",\"fundChannel\":\"ALIPAYACCOUNT\"}]");
        p.put("notify_type", "trade_status_sync");
        p.put("trade_status", "TRADE_SUCCESS");
        p.put("receipt_amount", "12.30");
        p.put("buyer_pay_amount", "12.30");
        p.put("app_id", APP_ID);
        p.put("sign_type", "RSA2");
        p.put("seller_id", SELLER_ID);
        p.put("gmt_payment", "2026-11-25 10:00:01");
        p.put("notify_time", "2026-11-25 10:00:02");
        p.put("passback_params", "");
        p.put("version", "1.0");
        p.put("out_trade_no", "6823789339978248");
        p.put("total_amount", "12.30");
        p.put("trade_no", "2026112522001425130501234567");
        p.put("auth_app_id", "2021000000000001");
        p.put("buyer_logon_id", BUYER_LOGON_ID);
        p.put("point_amount", "0.00");
        return p;
    }

    /** A record: {@code params} signed with {@code signer} and encoded in their charset. */
    static String record(Map<String, String> params, PrivateKey signer) {
        String cs = params.getOrDefault("charset", "utf-8");
        Charset charset =
                cs.equalsIgnoreCase("utf-8") ? StandardCharsets.UTF_8 : Charset.forName(cs);
        return record(params, signer, charset, charset);
    }

    /** As {@link #record(Map, PrivateKey)}, signing and encoding in chosen charsets. */
    static String record(
            Map<String, String> params, PrivateKey signer, Charset signCharset, Charset encoding) {
        LinkedHashMap<String, String> p = new LinkedHashMap<>(params);
        if ("".equals(p.get("sign"))) {
            p.put("sign", sign(signer, signContent(p), signCharset));
        }
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : p.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(e.getKey(), encoding))
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), encoding));
        }
        return record(body.toString());
    }

    static String record(String body) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("received_at", "2026-11-25T10:00:03+08:00");
        r.put("body", body);
        return Json.write(r);
    }

    /** The SDK's check content: what a genuine Alipay signature covers. */
    static String signContent(Map<String, String> params) {
        return signContent(params, false);
    }

    /**
     * The check content; with {@code keepEmpty}, empty and whitespace-only values are kept as
     * {@code k=} / {@code k= } (as older SDK sources built it, not what Alipay signs).
     */
    static String signContent(Map<String, String> params, boolean keepEmpty) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            String k = e.getKey();
            if (k.equals("sign")
                    || k.equals("sign_type")
                    || (!keepEmpty && e.getValue().isBlank())) {
                continue;
            }
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(k).append('=').append(e.getValue());
        }
        return b.toString();
    }

    static String sign(PrivateKey key, String content, Charset charset) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(content.getBytes(charset));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private AlipayFixture() {}
}
