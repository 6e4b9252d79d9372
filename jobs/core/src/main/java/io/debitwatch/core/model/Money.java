package io.debitwatch.core.model;

import io.debitwatch.core.json.FieldRules;
import java.math.BigDecimal;

/**
 * The one formatter of amounts for people: minor units shown with the currency's own minor units
 * (CNY 1230 is 12.30, JPY 1500 is 1500, KWD 1500 is 1.500), exactly, without floating point.
 */
public final class Money {

    private Money() {}

    /**
     * {@code minor} as a plain decimal in {@code currency}'s units, e.g. {@code 12.30}; for a
     * currency without known minor units (never accepted as input), the minor units themselves
     * followed by {@code " minor units"}, so that nothing is shown 100× off.
     */
    public static String decimal(long minor, String currency) {
        int digits = FieldRules.fractionDigits(currency);
        if (digits < 0) {
            return minor + " minor units";
        }
        return BigDecimal.valueOf(minor, digits).toPlainString();
    }

    /** {@code minor} with its currency code after it, e.g. {@code 12.30 CNY}, {@code 1500 JPY}. */
    public static String format(long minor, String currency) {
        return decimal(minor, currency) + " " + currency;
    }
}
