package io.debitwatch.core.json;

import io.debitwatch.core.model.DeadLetter;

/**
 * Builds dead letters: the raw record with payer identifiers redacted (SPEC §4a.8, by {@link
 * PayerRedaction}, which says how), then bounded to {@link #MAX_RAW_CHARS}; since redaction comes
 * first, a cut never leaves part of a payer value in clear text.
 */
public final class DeadLetters {

    /** Raw text kept in a dead letter; the rest is cut and marked. */
    public static final int MAX_RAW_CHARS = 4096;

    /** Larger records are not decoded: they are kept up to the first payer name only. */
    public static final int MAX_DECODE_CHARS = PayerRedaction.MAX_DECODE_CHARS;

    private DeadLetters() {}

    public static DeadLetter fromFile(String source, long line, String raw, String reason) {
        return new DeadLetter(source, reason, sanitize(raw), line, null, null, null);
    }

    public static DeadLetter fromKafka(
            String topic, int partition, long offset, String raw, String reason) {
        return new DeadLetter(topic, reason, sanitize(raw), null, topic, partition, offset);
    }

    /**
     * Redacts payer identifiers as the class describes (they never leave the job in clear text) and
     * bounds the length. It redacts before it cuts, so that a cut through a value cannot leave part
     * of it in clear text.
     */
    public static String sanitize(String raw) {
        if (raw == null) {
            return "";
        }
        String clean = PayerRedaction.redact(raw);
        return clean.length() <= MAX_RAW_CHARS
                ? clean
                : clean.substring(0, MAX_RAW_CHARS) + "…[cut, " + raw.length() + " chars in all]";
    }

    /**
     * True if {@code name}, as decoded, may be a payer field's: one of SPEC §4a.8's, or any name
     * whose letters hold {@code payer}, {@code buyer} or {@code openid} ({@code payer}, {@code
     * buyer_user_id}, {@code buyer_pay_amount}). A dead letter keeps less rather than risk a leak.
     */
    public static boolean isPayerField(String name) {
        return PayerNames.isPayerField(name);
    }
}
