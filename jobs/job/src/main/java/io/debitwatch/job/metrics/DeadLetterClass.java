package io.debitwatch.job.metrics;

import java.util.Locale;

/**
 * The class of a dead letter's reason, the {@code reason} label of the {@code deadLetters}
 * counters: a handful of values, so that the label stays bounded whatever a source sends. A reason
 * is free text (it may quote up to 40 characters of a value, a timestamp or an exception's class),
 * so it never becomes a label itself; on-call reads the reasons in the dead-letter topic.
 *
 * <p>The classes follow the one dead-letter policy ({@code SourceFormat}): the decoder's reasons
 * (empty, oversize, not UTF-8), the clock-skew check's, the adapters' signature and decryption
 * checks, a parser or adapter that threw, a provider notice without a notification, and the
 * detector's own rejections (a late event of a closed timeline, an order over its bound). Anything
 * else, the parsers' and adapters' field checks above all, is {@link #INVALID}.
 */
public enum DeadLetterClass {
    /** Empty, oversize, or not UTF-8: the record could not be read at all. */
    UNREADABLE("unreadable"),
    /** Read, but not a valid record: not JSON, a missing or bad field, an unknown value. */
    INVALID("invalid"),
    /** A provider record whose signature, serial, timestamp or allow-list check failed. */
    AUTHENTICATION("authentication"),
    /** A provider record whose encrypted resource did not decrypt (wrong APIv3 key, say). */
    DECRYPTION("decryption"),
    /** An event dated further ahead of the wall clock than {@code max-clock-skew}. */
    FUTURE_EVENT("future_event"),
    /** The detector's: an event of an order timeline that closed or whose findings went out. */
    LATE_EVENT("late_event"),
    /** The detector's: more events for one order than its bound keeps. */
    TOO_MANY_EVENTS("too_many_events"),
    /** A provider notice of a kind the job has no notification for, or naming no order. */
    UNMAPPED_NOTICE("unmapped_notice"),
    /** A parser or adapter broke its contract and threw (a bug to report). */
    ADAPTER_ERROR("adapter_error");

    private final String label;

    DeadLetterClass(String label) {
        this.label = label;
    }

    /** The label value, lower case with underscores. */
    public String label() {
        return label;
    }

    /** The class of {@code reason}; {@link #INVALID} for null or anything not recognised. */
    public static DeadLetterClass of(String reason) {
        if (reason == null) {
            return INVALID;
        }
        if (reason.startsWith("empty record")
                || reason.startsWith("oversize record")
                || reason.startsWith("not valid UTF-8")) {
            return UNREADABLE;
        }
        if (reason.startsWith("late event")) {
            return LATE_EVENT;
        }
        if (reason.startsWith("more than ") && reason.contains(" events for one order")) {
            return TOO_MANY_EVENTS;
        }
        if (reason.startsWith("cannot adapt: ") || reason.startsWith("internal: ")) {
            return ADAPTER_ERROR;
        }
        if (reason.startsWith("provider notice")) {
            return UNMAPPED_NOTICE;
        }
        if (reason.startsWith("event_time ") && reason.contains(" ahead of the clock")) {
            return FUTURE_EVENT;
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.startsWith("decryption failed") || lower.startsWith("no apiv3 key")) {
            return DECRYPTION;
        }
        if (lower.contains("signature")
                || lower.contains("serial")
                || lower.startsWith("stale notification")
                || lower.contains(" is not one of the merchant's")
                || lower.startsWith("sign_type")
                || lower.startsWith("keys unavailable")
                || lower.contains("not one of the acquirer's apps")
                || lower.startsWith("decrypted mchid")
                || lower.startsWith("decrypted sp_mchid")) {
            return AUTHENTICATION;
        }
        return INVALID;
    }
}
