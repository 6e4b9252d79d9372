package io.debitwatch.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Escaping for server-rendered HTML: every value a page shows goes through {@link #text}, which is
 * safe in element content and in double-quoted attribute values alike.
 */
public final class Html {

    private Html() {}

    /** {@code value} with {@code & < > " '} escaped; null is the empty string. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                // NUL and other C0 controls (but tab, LF, CR) are not allowed in HTML text.
                default ->
                        out.append(
                                ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r'
                                        ? '\uFFFD'
                                        : ch);
            }
        }
        return out.toString();
    }

    /** A URL query string ({@code a=1&b=x%20y}) from {@code params}, without the {@code ?}. */
    public static String query(Map<String, String> params) {
        StringJoiner q = new StringJoiner("&");
        params.forEach(
                (k, v) ->
                        q.add(
                                URLEncoder.encode(k, StandardCharsets.UTF_8)
                                        + "="
                                        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return q.toString();
    }

    /** {@code path} with {@code params} as its query string (escaped for an attribute). */
    public static String href(String path, Map<String, String> params) {
        String q = query(params);
        return text(q.isEmpty() ? path : path + "?" + q);
    }
}
