package io.debitwatch.providers;

/**
 * Exact conversion of the providers' yuan amounts ("12.30", "0.01", "100") to fen, without floating
 * point. Accepted: ASCII digits, optionally a dot and one or two decimals; no sign, no exponent, no
 * grouping, no spaces inside. Anything else, more than two decimals ("0.001": over-precise), or
 * more than {@link #MAX_FEN} fen is refused with a message fit for a dead letter.
 */
public final class Yuan {

    /** Same ceiling as the normalised events' parser (10^10 fen = 100 million yuan). */
    public static final long MAX_FEN = 10_000_000_000L;

    private Yuan() {}

    /** Fen for {@code text}; throws {@link IllegalArgumentException} with a one-line reason. */
    public static long toFen(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("amount missing");
        }
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String frac = dot < 0 ? "" : text.substring(dot + 1);
        if (whole.isEmpty()
                || whole.length() > 9
                || !Reasons.digits(whole)
                || !Reasons.digits(frac)) {
            throw new IllegalArgumentException("amount not a plain yuan number: " + shown(text));
        }
        if (dot >= 0 && frac.isEmpty()) {
            throw new IllegalArgumentException("amount not a plain yuan number: " + shown(text));
        }
        if (frac.length() > 2) {
            throw new IllegalArgumentException("amount more precise than one fen: " + shown(text));
        }
        long fen = Long.parseLong(whole) * 100;
        if (frac.length() == 1) {
            fen += (frac.charAt(0) - '0') * 10L;
        } else if (frac.length() == 2) {
            fen += Integer.parseInt(frac);
        }
        if (fen > MAX_FEN) {
            throw new IllegalArgumentException(
                    "amount above " + MAX_FEN / 100 + " yuan: " + shown(text));
        }
        return fen;
    }

    private static String shown(String text) {
        return text.length() <= 32 ? '"' + text + '"' : '"' + text.substring(0, 32) + "…\"";
    }
}
