package io.debitwatch.job.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.job.Uids;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Several inputs of one format get uids of their own; the first keeps the shipped ones. */
class RawFormatTest {

    @Test
    void theFirstInputOfAFormatKeepsItsShippedUids() {
        for (RawFormat f : RawFormat.values()) {
            assertThat(f.sourceUid(1)).isEqualTo(f.sourceUid());
            assertThat(f.splitUid(1)).isEqualTo(f.splitUid());
            assertThat(f.label(1)).isEqualTo(f.label());
        }
    }

    @Test
    void noTwoInputsShareAUidWithEachOtherOrWithAnyOtherOperator() throws Exception {
        List<String> uids = new ArrayList<>();
        for (Field field : Uids.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                uids.add((String) field.get(null));
            }
        }
        Set<String> shipped = new HashSet<>(uids);
        for (RawFormat f : RawFormat.values()) {
            for (int n = 2; n <= 12; n++) {
                uids.add(f.sourceUid(n));
                uids.add(f.splitUid(n));
            }
        }
        assertThat(uids).doesNotHaveDuplicates();
        assertThat(shipped)
                .contains(RawFormat.WECHAT_BILL.sourceUid(), RawFormat.ALIPAY_BILL.splitUid());
        assertThat(RawFormat.WECHAT_BILL.sourceUid(2)).isEqualTo("wechat-bill-source-2");
        assertThatThrownBy(() -> RawFormat.WECHAT_BILL.sourceUid(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
