package io.debitwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Money;
import io.debitwatch.core.model.NoticeKind;
import io.debitwatch.core.model.Notification.Channel;
import io.debitwatch.core.model.Notification.Text;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Amounts in people's texts use the currency's own minor units (SPEC §4a.9). */
class MessagesTest {

    private static final OrderKey KEY = new OrderKey(Provider.WECHAT, "1900000109", "o-1");

    private static Decision debit(long amount, String currency) {
        return new Decision(
                Finding.UNMATCHED_DEBIT,
                0L,
                Action.REFUND,
                amount,
                currency,
                Verdict.FAILED,
                "txn-1",
                List.of(),
                null);
    }

    @ParameterizedTest
    @CsvSource({
        "1500, JPY, 1500 JPY, 1500 JPY",
        "1500, KWD, 1.500 KWD, 1.500 KWD",
        "1500, CNY, 15.00 CNY, 15.00元",
        "5, CNY, 0.05 CNY, 0.05元",
        "1, KWD, 0.001 KWD, 0.001 KWD",
    })
    void formatsAmountsInTheCurrencysOwnMinorUnits(
            long minor, String currency, String english, String chinese) {
        for (Channel channel : Channel.values()) {
            Text t = Messages.text(channel, KEY, debit(minor, currency));

            assertThat(t.en()).as("%s en", channel).contains(english);
            assertThat(t.zh()).as("%s zh", channel).contains(chinese);
        }
        Text notice = Messages.noticeText(NoticeKind.REFUND_ABNORMAL, KEY, "r-1", minor, currency);
        assertThat(notice.en()).contains(" " + english + " ");
        assertThat(notice.zh()).contains(" " + chinese + " ");
    }

    @Test
    void aJpyAmountIsNotShownAHundredTimesOff() {
        Text t = Messages.text(Channel.MERCHANT, KEY, debit(1500, "JPY"));

        assertThat(t.en()).doesNotContain("15.00");
        assertThat(t.zh()).doesNotContain("15.00");
    }

    @Test
    void theFormatterIsExactAndNeverGuessesMinorUnits() {
        assertThat(Money.format(10_000_000_000L, "CNY")).isEqualTo("100000000.00 CNY");
        assertThat(Money.decimal(0, "JPY")).isEqualTo("0");
        assertThat(Money.decimal(1230, "XXX")).isEqualTo("1230 minor units");
    }
}
