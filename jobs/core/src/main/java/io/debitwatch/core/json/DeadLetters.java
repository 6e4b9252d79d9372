package io.debitwatch.core.json;

import io.debitwatch.core.model.DeadLetter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds dead letters: masks payer identifiers in the raw record and bounds its size. */
public final class DeadLetters {

    /** Raw text kept in a dead letter; the rest is cut and marked. */
    public static final int MAX_RAW_CHARS = 4096;

    /** The names of the fields and form parameters that hold a payer identifier. */
    private static final String PAYER_KEYS =
            "payer_ref|openid|sub_openid|sp_openid|buyer_id|buyer_logon_id|buyer_open_id";

    /**
     * A payer field and its value: a string (also one cut off before its closing quote) or a bare
     * token such as a number. Possessive quantifiers keep the match linear and stack-safe on long
     * values.
     */
    private static final Pattern PAYER_FIELD =
            Pattern.compile(
                    "(\"(?:"
                            + PAYER_KEYS
                            + ")\"\\s*:\\s*)"
                            + "(?:\"(?:[^\"\\\\]++|\\\\[\\s\\S]?)*+\"?|[^\\s,:{}\\[\\]\"]++)");

    /**
     * A payer field of a JSON document that is itself kept as a JSON string (a raw record inside an
     * envelope, once or more): {@code \"openid\":\"oUpF...\"}. The quotes of that level are escaped
     * with the same run of backslashes ({@code q}); the value runs to its closing quote, which has
     * that run, or to the first quote with fewer backslashes (the end of the enclosing string).
     * Quotes inside the value have more backslashes and are part of it.
     */
    private static final Pattern ESCAPED_PAYER_FIELD =
            Pattern.compile(
                    "((?<!\\\\)(?<q>\\\\++)\"(?:"
                            + PAYER_KEYS
                            + ")\\k<q>\"(?:\\s|\\\\[nrt])*+:(?:\\s|\\\\[nrt])*+)"
                            + "(?:\\k<q>\"(?:[^\"\\\\]++|\\\\++(?!\")|\\k<q>\\\\++\")*+(?:\\k<q>\")?"
                            + "|[^\\s,:{}\\[\\]\"\\\\]++)");

    /**
     * The name of a payer parameter of a form-encoded body (an Alipay notification kept raw: {@code
     * ...&buyer_id=2088...&buyer_logon_id=a%40b.com&...}), wherever it sits, also inside a JSON
     * string; its underscores may be percent-encoded ({@code buyer%5Fid}). Not preceded by a letter
     * or underscore, so that {@code seller_buyer_id} is not one; a digit may precede it (the {@code
     * 6} of an escaped <code>&#92;u0026</code> or {@code %26}).
     */
    private static final String FORM_KEY =
            "(?<![A-Za-z_])(?:" + PAYER_KEYS.replace("_", "(?:_|%5[Ff])") + ")";

    /**
     * A payer parameter, {@code =} written as is or as a JSON writer may escape it (<code>
     * &#92;u003d</code>, <code>&#92;u003D</code>: Gson's HTML-safe default): the value runs to the
     * next {@code &} (or its escape <code>&#92;u0026</code>), quote or whitespace; other JSON
     * escapes inside it are part of it.
     */
    private static final Pattern PAYER_FORM_FIELD =
            Pattern.compile(
                    "("
                            + FORM_KEY
                            + "(?:=|\\\\[uU]003[dD]))"
                            + "(?:[^&\"\\\\\\s]++|\\\\(?![uU]0026)[\\s\\S]?)*+");

    /**
     * A payer parameter of a form body that was percent-encoded once more (a body carried in a URL
     * or another form: {@code buyer_id%3D2088...%26buyer_logon_id%3Da%2540b.com}): the value runs
     * to the next {@code %26}, {@code &} (or <code>&#92;u0026</code>), quote or whitespace.
     */
    private static final Pattern ENCODED_PAYER_FORM_FIELD =
            Pattern.compile(
                    "("
                            + FORM_KEY
                            + "%3[dD])"
                            + "(?:[^&%\"\\\\\\s]++|%(?!26)|\\\\(?![uU]0026)[\\s\\S]?)*+");

    private DeadLetters() {}

    public static DeadLetter fromFile(String source, long line, String raw, String reason) {
        return new DeadLetter(source, reason, sanitize(raw), line, null, null, null);
    }

    public static DeadLetter fromKafka(
            String topic, int partition, long offset, String raw, String reason) {
        return new DeadLetter(topic, reason, sanitize(raw), null, topic, partition, offset);
    }

    /**
     * Masks payer identifiers (they never leave the job in clear text) and bounds the length. It
     * masks before it cuts, so that a cut through a value cannot leave part of it in clear text.
     */
    public static String sanitize(String raw) {
        if (raw == null) {
            return "";
        }
        String masked = raw;
        if (raw.indexOf('"') >= 0) {
            masked = mask(PAYER_FIELD, masked, "$1\"***\"");
            if (masked.indexOf('\\') >= 0) {
                masked = mask(ESCAPED_PAYER_FIELD, masked, "$1${q}\"***${q}\"");
            }
        }
        masked = mask(PAYER_FORM_FIELD, masked, "$1***");
        if (masked.indexOf('%') >= 0) {
            masked = mask(ENCODED_PAYER_FORM_FIELD, masked, "$1***");
        }
        return masked.length() <= MAX_RAW_CHARS
                ? masked
                : masked.substring(0, MAX_RAW_CHARS) + "…[cut, " + raw.length() + " chars in all]";
    }

    private static String mask(Pattern pattern, String text, String replacement) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.replaceAll(replacement) : text;
    }
}
