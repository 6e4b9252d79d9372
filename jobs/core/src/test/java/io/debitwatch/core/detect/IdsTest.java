package io.debitwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Notification.Channel;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

    private static final OrderKey KEY = new OrderKey(Provider.WECHAT, "1900000109", "o-1");
    private static final String TXN = "4200001234202611250000000001";

    // ---- alert_id ----------------------------------------------------------------------------

    @Test
    void alertIdIsDeterministicFromTypeAndOrderKey() {
        String id = Ids.alertId(AlertType.UNMATCHED_DEBIT, KEY);

        assertThat(id)
                .isEqualTo(
                        Ids.alertId(
                                AlertType.UNMATCHED_DEBIT,
                                new OrderKey(Provider.WECHAT, "1900000109", "o-1")));
        assertThat(id).matches("UNMATCHED_DEBIT-[0-9a-f]{32}");
    }

    @Test
    void alertIdsDifferAcrossTypes() {
        Set<String> ids = new HashSet<>();
        Set<String> digests = new HashSet<>();
        for (AlertType type : AlertType.values()) {
            String id = Ids.alertId(type, KEY);
            assertThat(id).startsWith(type.name() + "-");
            ids.add(id);
            digests.add(id.substring(type.name().length() + 1));
        }
        assertThat(ids).hasSize(AlertType.values().length);
        // the digest is of the order key alone: the type is the prefix
        assertThat(digests).hasSize(1);
    }

    @Test
    void alertIdsDifferAcrossOrders() {
        List<OrderKey> keys =
                List.of(
                        KEY,
                        new OrderKey(Provider.ALIPAY, "1900000109", "o-1"),
                        new OrderKey(Provider.WECHAT, "1900000110", "o-1"),
                        new OrderKey(Provider.WECHAT, "1900000109", "o-2"));

        assertThat(keys.stream().map(k -> Ids.alertId(AlertType.CONFLICT, k)))
                .doesNotHaveDuplicates();
    }

    @Test
    void alertIdsAreUnambiguousWhenIdsContainSeparators() {
        OrderKey left = new OrderKey(Provider.WECHAT, "a|b", "c");
        OrderKey right = new OrderKey(Provider.WECHAT, "a", "b|c");
        OrderKey glued = new OrderKey(Provider.WECHAT, "ab", "c");
        OrderKey shifted = new OrderKey(Provider.WECHAT, "a", "bc");

        assertThat(
                        List.of(left, right, glued, shifted).stream()
                                .map(k -> Ids.alertId(AlertType.UNMATCHED_DEBIT, k)))
                .doesNotHaveDuplicates();
    }

    // ---- refund_request_id -------------------------------------------------------------------

    @Test
    void refundRequestIdIsAValidProviderRefundNumber() {
        String id = Ids.refundRequestId(KEY, TXN);

        assertThat(id).hasSizeLessThanOrEqualTo(64).matches("[A-Za-z0-9_-]+");
        assertThat(id).startsWith(Ids.REFUND_PREFIX);
    }

    @Test
    void refundRequestIdStaysValidForLongAndUnusualIds() {
        String longId = "订单|/:+ ".repeat(20);
        OrderKey odd = new OrderKey(Provider.UNIONPAY, longId, longId);

        assertThat(Ids.refundRequestId(odd, longId))
                .hasSizeLessThanOrEqualTo(64)
                .matches("[A-Za-z0-9_-]+");
        assertThat(Ids.refundRequestId(odd, null))
                .hasSizeLessThanOrEqualTo(64)
                .matches("[A-Za-z0-9_-]+");
    }

    @Test
    void refundRequestIdIsDeterministic() {
        assertThat(Ids.refundRequestId(KEY, TXN))
                .isEqualTo(
                        Ids.refundRequestId(
                                new OrderKey(Provider.WECHAT, "1900000109", "o-1"),
                                new String(TXN.toCharArray())));
    }

    @Test
    void refundRequestIdDiffersByProviderTxnId() {
        assertThat(Ids.refundRequestId(KEY, TXN))
                .isNotEqualTo(Ids.refundRequestId(KEY, TXN.replace('1', '2')))
                .isNotEqualTo(Ids.refundRequestId(KEY, null));
    }

    @Test
    void refundRequestIdDiffersByProviderMerchantAndOrder() {
        assertThat(
                        List.of(
                                        KEY,
                                        new OrderKey(Provider.ALIPAY, "1900000109", "o-1"),
                                        new OrderKey(Provider.WECHAT, "1900000110", "o-1"),
                                        new OrderKey(Provider.WECHAT, "1900000109", "o-2"))
                                .stream()
                                .map(k -> Ids.refundRequestId(k, TXN)))
                .doesNotHaveDuplicates();
    }

    @Test
    void refundRequestIdsAreUnambiguousWhenIdsContainSeparators() {
        OrderKey left = new OrderKey(Provider.WECHAT, "a|b", "c");
        OrderKey right = new OrderKey(Provider.WECHAT, "a", "b|c");

        assertThat(Ids.refundRequestId(left, "t")).isNotEqualTo(Ids.refundRequestId(right, "t"));
        // nor can the order number bleed into the transaction id
        OrderKey shortOrder = new OrderKey(Provider.WECHAT, "m", "o");
        OrderKey longOrder = new OrderKey(Provider.WECHAT, "m", "o|t");
        assertThat(Ids.refundRequestId(shortOrder, "t|x"))
                .isNotEqualTo(Ids.refundRequestId(longOrder, "x"));
        assertThat(Ids.refundRequestId(shortOrder, "tx"))
                .isNotEqualTo(Ids.refundRequestId(new OrderKey(Provider.WECHAT, "m", "ot"), "x"));
    }

    // ---- notification_id ---------------------------------------------------------------------

    @Test
    void notificationIdIsDeterministicAndDistinctPerChannelKindAndOrder() {
        String ops = Ids.notificationId(Channel.OPS, "UNMATCHED_DEBIT", KEY);

        assertThat(ops).isEqualTo(Ids.notificationId(Channel.OPS, "UNMATCHED_DEBIT", KEY));
        assertThat(
                        List.of(
                                ops,
                                Ids.notificationId(Channel.MERCHANT, "UNMATCHED_DEBIT", KEY),
                                Ids.notificationId(Channel.OPS, "CONFLICT", KEY),
                                Ids.notificationId(
                                        Channel.OPS,
                                        "UNMATCHED_DEBIT",
                                        new OrderKey(Provider.WECHAT, "1900000109", "o-2"))))
                .doesNotHaveDuplicates();
    }

    @Test
    void aNotificationAboutOneOfSeveralRefundsCoversTheRefundNumber() {
        String first = Ids.notificationId(Channel.OPS, "REFUND_ABNORMAL", KEY, "r-1");

        assertThat(first)
                .matches("n-[0-9a-f]{32}")
                .isEqualTo(Ids.notificationId(Channel.OPS, "REFUND_ABNORMAL", KEY, "r-1"))
                .isNotEqualTo(Ids.notificationId(Channel.OPS, "REFUND_ABNORMAL", KEY, "r-2"))
                .isNotEqualTo(Ids.notificationId(Channel.OPS, "REFUND_ABNORMAL", KEY));
        // without a detail it is the three-part id
        assertThat(Ids.notificationId(Channel.OPS, "TRADE_FINISHED", KEY, null))
                .isEqualTo(Ids.notificationId(Channel.OPS, "TRADE_FINISHED", KEY))
                .isEqualTo(Ids.notificationId(Channel.OPS, "TRADE_FINISHED", KEY, ""));
        // the refund number cannot bleed into the order number
        assertThat(
                        Ids.notificationId(
                                Channel.OPS,
                                "REFUND_CLOSED",
                                new OrderKey(Provider.WECHAT, "m", "o"),
                                "1r"))
                .isNotEqualTo(
                        Ids.notificationId(
                                Channel.OPS,
                                "REFUND_CLOSED",
                                new OrderKey(Provider.WECHAT, "m", "o1"),
                                "r"));
    }
}
