package io.debitwatch.providers.alipay;

import io.debitwatch.core.json.PercentDecoding;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Strict decoding of an {@code application/x-www-form-urlencoded} body as Alipay posts it: the
 * parameters' bytes are percent-decoded and then decoded with the charset the body names in its own
 * {@code charset} parameter (utf-8 when absent; GBK, GB2312 and GB18030 are supported too).
 * Malformed escapes, bytes invalid in the charset, raw non-ASCII characters, empty names and
 * duplicate names are errors ({@link IllegalArgumentException} with a message that quotes no
 * value).
 */
final class FormBody {

    /** The decoded parameters, sorted by name, and the charset they were decoded with. */
    record Decoded(TreeMap<String, String> params, Charset charset) {}

    private FormBody() {}

    static Decoded decode(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(
                        "body is not a raw urlencoded body: character "
                                + (i + 1)
                                + " is "
                                + (c > 0x7e ? "not ASCII" : "a control character"));
            }
        }
        String[] pairs = body.split("&", -1);
        Charset charset = charsetOf(pairs);
        TreeMap<String, String> params = new TreeMap<>();
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
            String name = text(rawName, charset, "a parameter name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("body has a parameter without a name");
            }
            String value = text(rawValue, charset, "parameter " + shownName(name));
            if (params.put(name, value) != null) {
                throw new IllegalArgumentException("parameter " + shownName(name) + " given twice");
            }
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException("body has no parameters");
        }
        return new Decoded(params, charset);
    }

    /** The charset named by the body's own {@code charset} parameter (an ASCII value). */
    private static Charset charsetOf(String[] pairs) {
        String name = null;
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = text(pair.substring(0, eq), StandardCharsets.US_ASCII, "a parameter name");
            if (key.equals("charset")) {
                if (name != null) {
                    throw new IllegalArgumentException("parameter charset given twice");
                }
                name = text(pair.substring(eq + 1), StandardCharsets.US_ASCII, "charset");
            }
        }
        if (name == null || name.isEmpty()) {
            return StandardCharsets.UTF_8;
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "utf-8", "utf8" -> StandardCharsets.UTF_8;
            case "gbk", "gb2312", "cp936" -> Charset.forName("GBK");
            case "gb18030" -> Charset.forName("GB18030");
            default ->
                    throw new IllegalArgumentException(
                            "unsupported charset "
                                    + shownName(name)
                                    + " (supported: utf-8, gbk, gb2312, gb18030)");
        };
    }

    private static String text(String raw, Charset charset, String what) {
        try {
            return PercentDecoding.decode(raw, charset);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " " + e.getMessage());
        }
    }

    /** A parameter name shown in a message: printable ASCII only, at most 40 characters. */
    static String shownName(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && i < 40; i++) {
            char c = name.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return '"' + b.toString() + (name.length() > 40 ? "…\"" : "\"");
    }
}
