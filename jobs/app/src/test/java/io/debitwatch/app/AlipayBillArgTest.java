package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlipayBillArgTest {

    @TempDir Path dir;

    @Test
    void aFileAloneTakesItsMerchantFromItsAccountLine() {
        assertThat(AlipayBillArg.parse("bills/a.csv", null))
                .isEqualTo(new AlipayBillArg(Path.of("bills/a.csv"), null));
    }

    @Test
    void aMerchantIdBeforeEqualsNamesTheRowsMerchant() {
        assertThat(AlipayBillArg.parse("2088000000000001=bills/a.csv", null))
                .isEqualTo(new AlipayBillArg(Path.of("bills/a.csv"), "2088000000000001"));
    }

    @Test
    void theSingleMerchantIdOptionAppliesToAPlainFile() {
        assertThat(AlipayBillArg.parse("a.csv", "M-1"))
                .isEqualTo(new AlipayBillArg(Path.of("a.csv"), "M-1"));
    }

    @Test
    void anExistingFileWithAnEqualsSignInItsNameIsTakenWhole() throws Exception {
        Path odd = Files.createFile(dir.resolve("day=2026-11-25.csv"));
        assertThat(AlipayBillArg.parse(odd.toString(), null).file()).isEqualTo(odd);
        // An equals sign after a folder separator is part of the path, not an id.
        assertThat(AlipayBillArg.parse("x/day=1.csv", null).merchantId()).isNull();
    }

    @Test
    void emptyPartsAndTwoMerchantIdsAreOneLineErrors() {
        assertThatThrownBy(() -> AlipayBillArg.parse("=a.csv", null))
                .hasMessageContaining("[MERCHANT_ID=]FILE");
        assertThatThrownBy(() -> AlipayBillArg.parse("M=", null))
                .hasMessageContaining("[MERCHANT_ID=]FILE");
        assertThatThrownBy(() -> AlipayBillArg.parse("M=a.csv", "N"))
                .hasMessageContaining("drop --alipay-bill-merchant-id");
        assertThatThrownBy(() -> AlipayBillArg.parse("M\u0007=a.csv", null))
                .hasMessageContaining("--alipay-bill");
        assertThatThrownBy(() -> AlipayBillArg.parse("a.csv", "x".repeat(65)))
                .hasMessageContaining("--alipay-bill");
    }
}
