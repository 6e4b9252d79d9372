package io.debitwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Notification.Severity;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Severity and who is told are properties of a finding (STYLE 9). */
class FindingTest {

    @Test
    void theMerchantIsToldOfTheEarlyWarningUnmatchedDebitAndSaleWithoutDebit() {
        EnumSet<Finding> told = EnumSet.noneOf(Finding.class);
        for (Finding f : Finding.values()) {
            if (f.tellsMerchant()) {
                told.add(f);
            }
        }
        assertThat(told)
                .containsExactlyInAnyOrder(
                        Finding.EARLY_WARNING, Finding.UNMATCHED_DEBIT, Finding.SALE_WITHOUT_DEBIT);
    }

    @Test
    void opsIsToldOfEveryAlertButNotTheEarlyWarning() {
        for (Finding f : Finding.values()) {
            assertThat(f.tellsOps()).isEqualTo(f != Finding.EARLY_WARNING);
        }
    }

    @Test
    void severities() {
        assertThat(Finding.EARLY_WARNING.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(Finding.UNMATCHED_DEBIT.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(Finding.AMOUNT_MISMATCH.severity()).isEqualTo(Severity.HIGH);
        assertThat(Finding.STUCK_PAYMENT.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(Finding.SALE_WITHOUT_DEBIT.severity()).isEqualTo(Severity.HIGH);
        assertThat(Finding.CONFLICT.severity()).isEqualTo(Severity.HIGH);
        assertThat(Finding.ALERT_RESOLVED.severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void everyAlertTypeHasItsFinding() {
        for (AlertType t : AlertType.values()) {
            assertThat(Finding.of(t).alertType()).isEqualTo(t);
        }
        assertThatThrownBy(() -> Finding.of(null)).isInstanceOf(NullPointerException.class);
    }
}
