package io.debitwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void defusesCellsASpreadsheetWouldEvaluate() {
        assertThat(Csv.cell("=1+2")).isEqualTo("'=1+2");
        assertThat(Csv.cell("+SUM(A1)")).isEqualTo("'+SUM(A1)");
        assertThat(Csv.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(Csv.cell("@SUM(1)")).isEqualTo("'@SUM(1)");
        assertThat(Csv.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(Csv.cell("=cmd|' /C calc'!A0")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(Csv.cell("=HYPERLINK(\"http://x\",\"y\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    }

    @Test
    void quotesOnlyWhatNeedsQuotingAndLeavesOrdinaryCellsAlone() {
        assertThat(Csv.cell("DW2026112510000001")).isEqualTo("DW2026112510000001");
        assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.cell("40.00")).isEqualTo("40.00");
        assertThat(Csv.cell(4000L)).isEqualTo("4000");
        assertThat(Csv.cell(null)).isEmpty();
        assertThat(Csv.cell("")).isEmpty();
        assertThat(Csv.cell("订单")).isEqualTo("订单");
    }

    @Test
    void joinsARowWithCommasAndEndsItWithCrLf() {
        List<Object> cells = Arrays.asList(1, null, "=x", "a,b");
        assertThat(Csv.row(cells)).isEqualTo("1,,'=x,\"a,b\"\r\n");
    }
}
