package io.debitwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesEveryCharacterThatCouldLeaveTextOrAnAttribute() {
        assertThat(Html.text("<script>alert('x')</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(Html.text("\" onmouseover=\"alert(1)"))
                .isEqualTo("&quot; onmouseover=&quot;alert(1)");
        assertThat(Html.text("' autofocus onfocus='x")).isEqualTo("&#39; autofocus onfocus=&#39;x");
        assertThat(Html.text("&lt;already&gt;")).isEqualTo("&amp;lt;already&amp;gt;");
        assertThat(Html.text("</textarea><img src=x onerror=alert(1)>"))
                .doesNotContain("<", ">")
                .startsWith("&lt;/textarea&gt;");
    }

    @Test
    void keepsOrdinaryTextChineseAndWhitespaceAndReplacesControlCharacters() {
        assertThat(Html.text("订单 DW-1 已支付 40.00 CNY")).isEqualTo("订单 DW-1 已支付 40.00 CNY");
        assertThat(Html.text("a\tb\nc")).isEqualTo("a\tb\nc");
        assertThat(Html.text("a\u0000b\u001bc")).isEqualTo("a\uFFFDb\uFFFDc");
        assertThat(Html.text(null)).isEmpty();
        assertThat(Html.text(42L)).isEqualTo("42");
    }

    @Test
    void buildsLinksWhoseParametersCannotBreakOutOfTheAttribute() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", "\"><script>x</script>");
        params.put("type", "UNMATCHED_DEBIT");
        String href = Html.href("/incidents", params);
        assertThat(href)
                .isEqualTo(
                        "/incidents?q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E&amp;type=UNMATCHED_DEBIT");
        assertThat(Html.href("/incidents", Map.of())).isEqualTo("/incidents");
    }
}
