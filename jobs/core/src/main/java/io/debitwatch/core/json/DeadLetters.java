package io.debitwatch.core.json;

import io.debitwatch.core.model.DeadLetter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds dead letters: masks payer identifiers in the raw record and bounds its size. */
public final class DeadLetters {

    /** Raw text kept in a dead letter; the rest is cut and marked. */
    public static final int MAX_RAW_CHARS = 4096;

    private static final Pattern PAYER_FIELD =
            Pattern.compile(
                    "(\"(?:payer_ref|openid|sub_openid|sp_openid|buyer_id|buyer_logon_id|buyer_open_id)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")");

    private DeadLetters() {}

    public static DeadLetter fromFile(String source, long line, String raw, String reason) {
        return new DeadLetter(source, reason, sanitize(raw), line, null, null, null);
    }

    public static DeadLetter fromKafka(
            String topic, int partition, long offset, String raw, String reason) {
        return new DeadLetter(topic, reason, sanitize(raw), null, topic, partition, offset);
    }

    /** Masks payer identifiers (they never leave the job in clear text) and bounds the length. */
    public static String sanitize(String raw) {
        if (raw == null) {
            return "";
        }
        String bounded =
                raw.length() <= MAX_RAW_CHARS
                        ? raw
                        : raw.substring(0, MAX_RAW_CHARS)
                                + "…[cut, "
                                + raw.length()
                                + " chars in all]";
        if (bounded.indexOf('"') < 0) {
            return bounded;
        }
        Matcher m = PAYER_FIELD.matcher(bounded);
        if (!m.find()) {
            return bounded;
        }
        return m.replaceAll("$1***$3");
    }
}
