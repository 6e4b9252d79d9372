package io.debitwatch.providers;

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
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }

    public static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
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
     * What is wrong with an identifier by the core's constraints (non-blank, at most {@code max}
     * characters, no control characters), or null if nothing; {@code shown} names the field.
     */
    public static String idProblem(String shown, String v, int max) {
        if (v.isBlank()) {
            return shown + " must not be empty";
        }
        if (v.length() > max) {
            return shown + " longer than " + max + " chars";
        }
        if (hasControl(v)) {
            return shown + " contains a control character";
        }
        return null;
    }
}
