package io.debitwatch.core.json;

import io.debitwatch.core.model.DeadLetter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds dead letters: masks payer identifiers in the raw record and bounds its size. */
public final class DeadLetters {

    /** Raw text kept in a dead letter; the rest is cut and marked. */
    public static final int MAX_RAW_CHARS = 4096;

    /**
     * A payer field and its value: a string (also one cut off before its closing quote) or a bare
     * token such as a number. Possessive quantifiers keep the match linear and stack-safe on long
     * values.
     */
    private static final Pattern PAYER_FIELD =
            Pattern.compile(
                    "(\"(?:payer_ref|openid|sub_openid|sp_openid|buyer_id|buyer_logon_id|buyer_open_id)\"\\s*:\\s*)"
                            + "(?:\"(?:[^\"\\\\]++|\\\\[\\s\\S]?)*+\"?|[^\\s,:{}\\[\\]\"]++)");

    /**
     * A payer parameter of a form-encoded body (an Alipay notification kept raw: {@code
     * ...&buyer_id=2088...&buyer_logon_id=a%40b.com&...}), wherever it sits, also inside a JSON
     * string: the value runs to the next {@code &}, quote or whitespace; JSON escapes inside it are
     * part of it.
     */
    private static final Pattern PAYER_FORM_FIELD =
            Pattern.compile(
                    "((?<![A-Za-z_])(?:payer_ref|openid|sub_openid|sp_openid|buyer_id|buyer_logon_id|buyer_open_id)=)"
                            + "(?:[^&\"\\\\\\s]++|\\\\[\\s\\S]?)*+");

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
            Matcher m = PAYER_FIELD.matcher(masked);
            if (m.find()) {
                masked = m.replaceAll("$1\"***\"");
            }
        }
        if (masked.indexOf('=') >= 0) {
            Matcher m = PAYER_FORM_FIELD.matcher(masked);
            if (m.find()) {
                masked = m.replaceAll("$1***");
            }
        }
        return masked.length() <= MAX_RAW_CHARS
                ? masked
                : masked.substring(0, MAX_RAW_CHARS) + "…[cut, " + raw.length() + " chars in all]";
    }
}
