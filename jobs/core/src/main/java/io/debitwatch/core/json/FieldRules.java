package io.debitwatch.core.json;

import java.util.Currency;

/**
 * The one definition of what a valid currency and a valid identifier are (SPEC §4a.9), shared by
 * {@link EventParser} and the provider adapters. Each check returns null when the value is fine,
 * else a one-line reason that names the field and never quotes the value (it may be an attack
 * string, or a payer id).
 */
public final class FieldRules {

    private FieldRules() {}

    /**
     * The minor-unit digits of an ISO-4217 code known to {@link Currency} (CNY 2, JPY 0, KWD 3), or
     * -1 for anything else: unknown codes, lower case, and codes without minor units (XXX, XTS,
     * XAU).
     */
    public static int fractionDigits(String code) {
        if (code == null || code.length() != 3) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            char c = code.charAt(i);
            if (c < 'A' || c > 'Z') {
                return -1;
            }
        }
        try {
            return Currency.getInstance(code).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** Why {@code value} is not a currency, or null when it is one. */
    public static String currencyProblem(String field, String value) {
        if (fractionDigits(value) >= 0) {
            return null;
        }
        String shown =
                value != null
                                && value.length() <= 8
                                && value.chars().allMatch(FieldRules::isAsciiLetter)
                        ? "\"" + value + "\""
                        : "a value of " + (value == null ? 0 : value.length()) + " chars";
        return field
                + " must be an ISO-4217 currency code with minor units, like CNY, got "
                + shown;
    }

    /**
     * Why {@code value} is not an identifier (blank, longer than {@code maxLength}, or a forbidden
     * character: {@link #characterProblem}), or null when it is one.
     */
    public static String idProblem(String field, String value, int maxLength) {
        if (value.isBlank()) {
            return field + " must not be empty";
        }
        if (value.length() > maxLength) {
            return field + " longer than " + maxLength + " chars";
        }
        return characterProblem(field, value);
    }

    /**
     * The first character an identifier must not contain, as a reason such as {@code out_trade_no
     * contains U+202E (bidirectional control)}, or null: C0 and C1 control characters, unpaired
     * surrogates (they become {@code ?} when encoded, so two ids could collide), the bidirectional
     * controls U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069 and the separators U+2028,
     * U+2029 (they would reorder or break the texts people read).
     */
    public static String characterProblem(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String kind = null;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                kind = "unpaired surrogate";
            } else if (Character.isLowSurrogate(c)) {
                kind = "unpaired surrogate";
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                kind = "control character";
            } else if (isBidiControl(c)) {
                kind = "bidirectional control";
            } else if (c == '\u2028' || c == '\u2029') {
                kind = c == '\u2028' ? "line separator" : "paragraph separator";
            }
            if (kind != null) {
                return field + " contains " + codePoint(c) + " (" + kind + ")";
            }
        }
        return null;
    }

    private static boolean isBidiControl(char c) {
        return c == '\u061c'
                || c == '\u200e'
                || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
