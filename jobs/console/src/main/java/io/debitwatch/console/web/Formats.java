package io.debitwatch.console.web;

import io.debitwatch.core.model.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages show amounts, times and ages. */
public final class Formats {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {}

    /** {@code 40.00 CNY} from minor units, by the currency's own minor units; "" when unknown. */
    public static String money(Long amountMinor, String currency) {
        if (amountMinor == null || currency == null) {
            return "";
        }
        return Money.format(amountMinor, currency);
    }

    /** {@code 2026-11-25 02:01:00 UTC}; "" for null. */
    public static String time(Instant time) {
        return time == null ? "" : TIME.format(time);
    }

    /**
     * How long ago {@code since} was at {@code now}: {@code 45s}, {@code 12m}, {@code 3h 05m},
     * {@code 2d 4h}.
     */
    public static String age(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        if (d.isNegative()) {
            return "0s";
        }
        long s = d.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86_400) {
            return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return (s / 86_400) + "d " + ((s % 86_400) / 3600) + "h";
    }
}
