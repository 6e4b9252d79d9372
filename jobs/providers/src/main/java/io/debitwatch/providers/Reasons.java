package io.debitwatch.providers;

import io.debitwatch.core.json.FieldRules;

/**
 * Building blocks of rejection reasons and of the checks behind them, shared by the adapters. A
 * reason is one line, at most 300 characters, and quotes at most 40 characters of a value — never a
 * key, a payer id or decrypted text (callers only quote values that are none of these).
 */
public final class Reasons {

    private static final int MAX_REASON = 300;
    private static final int MAX_QUOTED = 40;

    private Reasons() {}

    /** A value shown in a reason: quoted, cut to 40 characters, control characters replaced. */
    public static String quote(String s) {
        String cut = s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "…";
        return '"' + oneLine(cut) + '"';
    }

    /** {@code s} as one line of at most 300 characters ("rejected" for null). */
    public static String oneLine(String s) {
        if (s == null) {
            return "rejected";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_REASON));
        for (int i = 0; i < s.length() && i < MAX_REASON; i++) {
            char c = s.charAt(i);
            // Control, bidirectional and separator characters would break or reorder the line.
            b.append(
                    Character.isISOControl(c)
                                    || (!Character.isSurrogate(c)
                                            && FieldRules.characterProblem("", String.valueOf(c))
                                                    != null)
                            ? ' '
                            : c);
        }
        return b.toString();
    }

    /** True for a non-null string of ASCII digits only (true for the empty string). */
    public static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * What is wrong with an identifier by the core's rules ({@link FieldRules#idProblem}:
     * non-blank, at most {@code max} characters, no control, bidirectional or separator characters,
     * no unpaired surrogates), or null if nothing; {@code shown} names the field.
     */
    public static String idProblem(String shown, String v, int max) {
        return FieldRules.idProblem(shown, v, max);
    }

    /** What is wrong with a currency by the core's rules ({@link FieldRules}), or null. */
    public static String currencyProblem(String shown, String v) {
        return FieldRules.currencyProblem(shown, v);
    }
}
