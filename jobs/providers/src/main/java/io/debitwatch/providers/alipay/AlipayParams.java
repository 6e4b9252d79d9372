package io.debitwatch.providers.alipay;

import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.RecordChecks;
import io.debitwatch.providers.RecordChecks.Invalid;
import io.debitwatch.providers.Yuan;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Decoded parameters of an Alipay notification; a value the signed content leaves out (empty or
 * only whitespace) counts as absent, so a parameter added to a genuine body without signature
 * cannot change the result.
 */
final class AlipayParams {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static final DateTimeFormatter ALIPAY_TIME =
            new DateTimeFormatterBuilder()
                    .appendPattern("uuuu-MM-dd HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .toFormatter(Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT);

    private final TreeMap<String, String> values;

    AlipayParams(TreeMap<String, String> values) {
        this.values = values;
    }

    boolean has(String name) {
        return opt(name) != null;
    }

    String opt(String name) {
        String v = values.get(name);
        return AlipaySignature.unsigned(v) ? null : v;
    }

    String req(String name) {
        String v = opt(name);
        if (v == null) {
            throw new Invalid("missing parameter " + name);
        }
        return v;
    }

    /** An id parameter that must meet the core's constraints on ids. */
    String id(String name) {
        return RecordChecks.checkId(name, req(name), AlipayNotifications.MAX_ID);
    }

    Long yuan(String name, boolean required) {
        String v = required ? req(name) : opt(name);
        if (v == null) {
            return null;
        }
        try {
            return Yuan.toFen(v);
        } catch (IllegalArgumentException e) {
            throw new Invalid(name + ": " + e.getMessage());
        }
    }

    Instant time(String name, boolean required) {
        String v = required ? req(name) : opt(name);
        if (v == null) {
            return null;
        }
        Instant t;
        try {
            t = LocalDateTime.parse(v, ALIPAY_TIME).atZone(SHANGHAI).toInstant();
        } catch (DateTimeParseException e) {
            throw new Invalid(
                    name
                            + " is not a time like 2026-11-25 10:00:00 (Beijing): "
                            + Reasons.quote(v));
        }
        return RecordChecks.inRange(t, name, v);
    }

    /**
     * The first of the named times that is present, read in order; the last one is required when
     * {@code lastRequired}.
     */
    Instant firstTime(boolean lastRequired, String... names) {
        for (int k = 0; k < names.length - 1; k++) {
            Instant t = time(names[k], false);
            if (t != null) {
                return t;
            }
        }
        return time(names[names.length - 1], lastRequired);
    }
}
