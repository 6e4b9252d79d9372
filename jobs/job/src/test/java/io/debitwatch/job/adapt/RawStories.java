package io.debitwatch.job.adapt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.providers.testing.SignedNotifications;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Payment stories whose provider side exists twice: as raw, signed provider notifications (WeChat
 * Pay v3, encrypted; Alipay, RSA2 form bodies) and as the normalised provider events the same facts
 * give. Fed either way, the job must decide the same. Bad raw records (a probe, a forgery, a stale
 * one, a tampered one) and provider notices come on top, on the raw side only.
 *
 * <ul>
 *   <li>{@code W1}: WeChat debit, terminal FAILED: early warning, UNMATCHED_DEBIT REFUND;
 *   <li>{@code W2}: WeChat debit, terminal SUCCESS: nothing; a refund of it later turns abnormal
 *       (REFUND.ABNORMAL: one OPS notification, HIGH);
 *   <li>{@code W3}: WeChat debit, terminal TIMEOUT, refunded in full two hours later:
 *       UNMATCHED_DEBIT REFUND, then ALERT_RESOLVED;
 *   <li>{@code A1}: Alipay debit, terminal TIMEOUT: UNMATCHED_DEBIT REFUND;
 *   <li>{@code A2}: terminal SUCCESS, Alipay closes the trade unpaid after the deadline:
 *       SALE_WITHOUT_DEBIT;
 *   <li>{@code A3}: Alipay debit of more than the terminal's amount: AMOUNT_MISMATCH; the trade
 *       later finishes (TRADE_FINISHED: one OPS notification, INFO).
 * </ul>
 */
public final class RawStories {

    public static final String WX_MCH = "1900000109";
    public static final String ALI_SELLER = "2088101117955611";

    /** The job is configured with these Alipay app and seller ids (the fixture's). */
    public static final String ALI_APP_ID = SignedNotifications.ALIPAY_APP_ID;

    private static final String OTHER_APP_ID = "2021000000000099";
    private static final String OTHER_SELLER = "2088999999998765";

    /** Terminal events (normalised NDJSON lines). */
    public final List<String> terminal = new ArrayList<>();

    /** The provider facts as normalised provider events. */
    public final List<String> normalised = new ArrayList<>();

    /** The provider facts as raw WeChat Pay notifications, with a notice and bad records. */
    public final List<String> wechat = new ArrayList<>();

    /** The provider facts as raw Alipay notifications, with a notice and a bad record. */
    public final List<String> alipay = new ArrayList<>();

    /** Each bad raw record and a part of the reason it must be refused with. */
    public final Map<String, String> bad = new LinkedHashMap<>();

    /** Every payer identifier the raw records carry: none may leave the job in clear text. */
    public final Set<String> payerIds = new TreeSet<>();

    /** What the job must decide: {@code ORDER TYPE ACTION} per alert. */
    public final Set<String> expectedAlerts = new TreeSet<>();

    private final SignedNotifications signed;
    private final OffsetDateTime t0;
    private final String tag;

    /**
     * @param t0 the first story's start; the stories span about three hours after it
     * @param tag appended to every order number and notification id, so that two sets of stories
     *     never share an order
     */
    public RawStories(SignedNotifications signed, OffsetDateTime t0, String tag) {
        this.signed = signed;
        this.t0 = t0;
        this.tag = tag;
        build();
    }

    public String order(String name) {
        return "DW" + name + tag;
    }

    private void build() {
        // W1: debited while the terminal showed FAILED.
        terminalEvent("W1", "WECHAT", WX_MCH, 0, "PAY_REQUEST", null, 3999);
        terminalEvent("W1", "WECHAT", WX_MCH, 15, "PAY_RESULT", "FAILED", 3999);
        wechatDebit("W1", 10, 3999, "oW1payerOPENIDxxxxxxxxxxxx01");
        expectedAlerts.add(order("W1") + " UNMATCHED_DEBIT REFUND");

        // W2: a good sale; a later refund of it turns abnormal.
        terminalEvent("W2", "WECHAT", WX_MCH, 100, "PAY_REQUEST", null, 1500);
        terminalEvent("W2", "WECHAT", WX_MCH, 110, "PAY_RESULT", "SUCCESS", 1500);
        wechatDebit("W2", 105, 1500, "oW2payerOPENIDxxxxxxxxxxxx02");
        wechat.add(
                signed.wechat(
                                "EV-W2-RA" + tag,
                                "REFUND.ABNORMAL",
                                SignedNotifications.wechatRefund(
                                        WX_MCH,
                                        order("W2"),
                                        txn("W2"),
                                        "RF-" + order("W2"),
                                        "ABNORMAL",
                                        null,
                                        1500,
                                        1500))
                        .receivedAt(at(3600))
                        .record());

        // W3: debited while the terminal timed out, refunded in full two hours later.
        terminalEvent("W3", "WECHAT", WX_MCH, 200, "PAY_RESULT", "TIMEOUT", 2500);
        wechatDebit("W3", 205, 2500, "oW3payerOPENIDxxxxxxxxxxxx03");
        wechat.add(
                signed.wechat(
                                "EV-W3-RF" + tag,
                                "REFUND.SUCCESS",
                                SignedNotifications.wechatRefund(
                                        WX_MCH,
                                        order("W3"),
                                        txn("W3"),
                                        "RF-" + order("W3"),
                                        "SUCCESS",
                                        at(7200),
                                        2500,
                                        2500))
                        .receivedAt(at(7202))
                        .record());
        normalised.add(
                providerEvent("W3-RF", "WECHAT", WX_MCH, "W3", 7200, "REFUNDED", 2500)
                        .put("refund_amount_minor", 2500)
                        .put("out_refund_no", "RF-" + order("W3"))
                        .toString());
        expectedAlerts.add(order("W3") + " UNMATCHED_DEBIT REFUND");
        expectedAlerts.add(order("W3") + " ALERT_RESOLVED NONE");

        // A1: Alipay debit while the terminal timed out.
        terminalEvent("A1", "ALIPAY", ALI_SELLER, 300, "PAY_RESULT", "TIMEOUT", 1230);
        alipayTrade("A1", "TRADE_SUCCESS", 305, 1230, "DEBITED");
        expectedAlerts.add(order("A1") + " UNMATCHED_DEBIT REFUND");

        // A2: a sale at the terminal; Alipay closes the trade unpaid after the deadline.
        terminalEvent("A2", "ALIPAY", ALI_SELLER, 400, "PAY_RESULT", "SUCCESS", 880);
        alipayTrade("A2", "TRADE_CLOSED", 500, 880, "CLOSED");
        expectedAlerts.add(order("A2") + " SALE_WITHOUT_DEBIT REVIEW");

        // A3: debited more than the terminal's amount; the trade finishes later.
        terminalEvent("A3", "ALIPAY", ALI_SELLER, 600, "PAY_RESULT", "SUCCESS", 1000);
        alipayTrade("A3", "TRADE_SUCCESS", 605, 1200, "DEBITED");
        alipay.add(
                signed.alipay(
                        SignedNotifications.alipayTrade(
                                "N-A3-FIN" + tag,
                                "TRADE_FINISHED",
                                ALI_SELLER,
                                order("A3"),
                                txn("A3"),
                                at(10_800),
                                1200,
                                buyerId("A3"),
                                buyerLogonId("A3")),
                        at(10_802)));
        expectedAlerts.add(order("A3") + " AMOUNT_MISMATCH REVIEW");

        // Bad records, each of an order of its own: had any been taken, it would be a debit
        // without any terminal record, an UNMATCHED_DEBIT REVIEW.
        String probe =
                signed.wechat(
                                "EV-PROBE" + tag,
                                "TRANSACTION.SUCCESS",
                                transaction("X1", 700, 100, "oX1payerOPENIDxxxxxxxxxxxx11"))
                        .receivedAt(at(702))
                        .probe()
                        .record();
        String forged =
                signed.wechat(
                                "EV-FORGED" + tag,
                                "TRANSACTION.SUCCESS",
                                transaction("X2", 710, 200, "oX2payerOPENIDxxxxxxxxxxxx12"))
                        .receivedAt(at(712))
                        .signedByStranger()
                        .record();
        String stale =
                signed.wechat(
                                "EV-STALE" + tag,
                                "TRANSACTION.SUCCESS",
                                transaction("X3", 720, 300, "oX3payerOPENIDxxxxxxxxxxxx13"))
                        .receivedAt(at(722 + 600))
                        .signedBeforeReceipt(Duration.ofMinutes(10))
                        .record();
        wechat.add(probe);
        wechat.add(forged);
        wechat.add(stale);
        bad.put(probe, "signature probe");
        bad.put(forged, "bad signature");
        bad.put(stale, "stale notification");
        payerIds.add("oX1payerOPENIDxxxxxxxxxxxx11");
        payerIds.add("oX2payerOPENIDxxxxxxxxxxxx12");
        payerIds.add("oX3payerOPENIDxxxxxxxxxxxx13");
        String tampered =
                signed.alipayTampered(
                        SignedNotifications.alipayTrade(
                                "N-X4" + tag,
                                "TRADE_SUCCESS",
                                ALI_SELLER,
                                order("X4"),
                                txn("X4"),
                                at(730),
                                9900,
                                buyerId("X4"),
                                buyerLogonId("X4")),
                        at(732),
                        Map.of("total_amount", "0.01"));
        alipay.add(tampered);
        bad.put(tampered, "bad signature");
        payerIds.add(buyerId("X4"));
        payerIds.add(buyerLogonId("X4"));
        // Genuine, signed by Alipay, but not the merchant's: another app, another seller. Were
        // they accepted, each would be a debit without a terminal record (an UNMATCHED_DEBIT).
        LinkedHashMap<String, String> otherApp = alipayParams("X5", ALI_SELLER);
        otherApp.put("app_id", OTHER_APP_ID);
        String forOtherApp = signed.alipay(otherApp, at(742));
        alipay.add(forOtherApp);
        bad.put(forOtherApp, "app_id \"" + OTHER_APP_ID + "\" is not one of the merchant's");
        String forOtherSeller = signed.alipay(alipayParams("X6", OTHER_SELLER), at(752));
        alipay.add(forOtherSeller);
        bad.put(
                forOtherSeller,
                "seller_id …" + OTHER_SELLER.substring(OTHER_SELLER.length() - 4) + " is not one");
        for (String story : List.of("X5", "X6")) {
            payerIds.add(buyerId(story));
            payerIds.add(buyerLogonId(story));
        }
    }

    /** A TRADE_SUCCESS of {@code story} by {@code seller}, of the merchant's app. */
    private LinkedHashMap<String, String> alipayParams(String story, String seller) {
        return SignedNotifications.alipayTrade(
                "N-" + story + tag,
                "TRADE_SUCCESS",
                seller,
                order(story),
                txn(story),
                at(740),
                4200,
                buyerId(story),
                buyerLogonId(story));
    }

    private void terminalEvent(
            String story,
            String provider,
            String merchant,
            int second,
            String type,
            String result,
            long amount) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("event_id", "te-" + story + "-" + terminal.size() + tag);
        n.put("event_time", at(second).toString());
        n.put("provider", provider);
        n.put("merchant_id", merchant);
        n.put("terminal_id", "POS-0001");
        n.put("out_trade_no", order(story));
        n.put("type", type);
        if (result != null) {
            n.put("result", result);
        }
        n.put("amount_minor", amount);
        n.put("currency", "CNY");
        terminal.add(n.toString());
    }

    private void wechatDebit(String story, int second, long amount, String openid) {
        wechat.add(
                signed.wechat(
                                "EV-" + story + tag,
                                "TRANSACTION.SUCCESS",
                                transaction(story, second, amount, openid))
                        .receivedAt(at(second + 2))
                        .record());
        normalised.add(
                providerEvent(story, "WECHAT", WX_MCH, story, second, "DEBITED", amount)
                        .toString());
        payerIds.add(openid);
    }

    private ObjectNode transaction(String story, int second, long amount, String openid) {
        return SignedNotifications.wechatTransaction(
                WX_MCH, order(story), txn(story), at(second), amount, openid);
    }

    private void alipayTrade(
            String story, String status, int second, long amount, String normalisedStatus) {
        alipay.add(
                signed.alipay(
                        SignedNotifications.alipayTrade(
                                "N-" + story + tag,
                                status,
                                ALI_SELLER,
                                order(story),
                                txn(story),
                                at(second),
                                amount,
                                buyerId(story),
                                buyerLogonId(story)),
                        at(second + 2)));
        normalised.add(
                providerEvent(story, "ALIPAY", ALI_SELLER, story, second, normalisedStatus, amount)
                        .toString());
        payerIds.add(buyerId(story));
        payerIds.add(buyerLogonId(story));
    }

    private ObjectNode providerEvent(
            String id,
            String provider,
            String merchant,
            String story,
            int second,
            String status,
            long amount) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("event_id", "pe-" + id + tag);
        n.put("event_time", at(second).toString());
        n.put("provider", provider);
        n.put("merchant_id", merchant);
        n.put("out_trade_no", order(story));
        n.put("provider_txn_id", txn(story));
        n.put("source", "NOTIFY");
        n.put("status", status);
        n.put("amount_minor", amount);
        n.put("currency", "CNY");
        return n;
    }

    private OffsetDateTime at(int second) {
        return t0.plusSeconds(second);
    }

    private String txn(String story) {
        return "TXN" + story + tag.replaceAll("[^A-Za-z0-9]", "");
    }

    private String buyerId(String story) {
        return "2088" + String.format("%012d", Math.abs((story + tag).hashCode()));
    }

    private String buyerLogonId(String story) {
        return story.toLowerCase() + ".buyer" + tag.toLowerCase() + "@example.com";
    }
}
