package io.debitwatch.job.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Provider;
import io.debitwatch.providers.statement.StatementTotals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report files: escaped, self-contained, safe file names, CSV that cannot be subverted. */
class ReconciliationReportTest {

    private static final String HOSTILE =
            "<script>alert('x')</script>\"&,=HYPERLINK(\"evil\")\n../..";

    @TempDir Path dir;

    private static MerchantDay day(String merchant, String file) {
        return new MerchantDay(
                Provider.WECHAT,
                merchant,
                LocalDate.of(2026, 11, 25),
                "CNY",
                List.of(file),
                2,
                new StatementTotals(5L, null, null, 6540L, 400L, -3L),
                new Tally(3, 6040),
                new Tally(1, 400),
                new Tally(2, 5050),
                Tally.ZERO,
                Map.of(AlertType.UNMATCHED_DEBIT, new Tally(1, 1200)));
    }

    @Test
    void htmlEscapesEveryValueFromTheInputsAndLoadsNothingFromOutside() {
        String html = ReportHtml.page(day(HOSTILE, "<img src=x onerror=alert(1)>.csv"));

        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("'x'");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;");
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;.csv");
        // Self-contained: no reference to anything outside the page.
        assertThat(html).doesNotContainPattern("(?i)<[^>]*\\s(src|href|on[a-z]+)\\s*=");
        assertThat(html)
                .doesNotContain("http://", "https://", "url(")
                .as("only the SVG namespace is a URL")
                .isNotNull();
        assertThat(html).contains("<svg").contains("对账报告").contains("Reconciliation report");
    }

    @Test
    void htmlShowsAmountsInTheCurrencysUnits() {
        String html = ReportHtml.page(day("1900000101", "a.csv"));

        assertThat(html).contains("65.40 CNY").contains("60.40 CNY").contains("-0.03 CNY");
        // Difference (bill − seen): one debit of 9.90 more, one refund of 4.00 more.
        assertThat(html).contains("9.90 CNY").contains("4.00 CNY");
        assertThat(html).contains("12.00 CNY"); // the unmatched debit
    }

    @Test
    void csvQuotesAndDefusesTextCellsSoColumnsStayInPlace() {
        String csv = ReportCsv.write(List.of(day(HOSTILE, "x.csv")));
        String line = csv.split("\r\n")[1];

        // The merchant cell is one quoted field starting with an apostrophe-free "<" …
        assertThat(line)
                .startsWith(
                        "WECHAT,\"<script>alert('x')</script>\"\"&,=HYPERLINK(\"\"evil\"\")\n../..\",");
        assertThat(ReportCsv.text("=1+1")).isEqualTo("\"'=1+1\"");
        assertThat(ReportCsv.text("-5")).isEqualTo("\"'-5\"");
        assertThat(ReportCsv.text("1900000101")).isEqualTo("1900000101");
    }

    @Test
    void pageNamesStayInTheFolderAndDoNotCollide() throws Exception {
        MerchantDay a = day("../../etc/passwd", "a.csv");
        MerchantDay b = day("..__..__etc__passwd", "b.csv");
        ReconciliationReport.Written w = ReconciliationReport.write(List.of(a, b), dir);

        assertThat(w.pages()).hasSize(2).doesNotHaveDuplicates();
        for (Path p : w.pages()) {
            assertThat(p.getParent()).isEqualTo(dir);
            assertThat(p.getFileName().toString())
                    .matches(Pattern.compile("wechat-[A-Za-z0-9_.~-]+-2026-11-25\\.html"));
        }
        assertThat(ReconciliationReport.pageName(day("1900000101", "a.csv")))
                .isEqualTo("wechat-1900000101-2026-11-25.html");
        assertThat(Files.readString(w.csv(), StandardCharsets.UTF_8).lines()).hasSize(3);
    }
}
