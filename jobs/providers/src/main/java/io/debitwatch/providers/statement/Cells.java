package io.debitwatch.providers.statement;

import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.FieldRules;
import io.debitwatch.providers.Yuan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Cell-level checks shared by the statement adapters. They apply the constraints the core enforces
 * on normalised provider events ({@link EventParser}: ids 1-64 characters, not blank, no control
 * characters; event ids at most 128; times 2000-2099; amounts 0-10^10 fen; ISO-4217 currency), so
 * that an event that leaves an adapter is one the core would also accept from JSON. A failed check
 * throws {@link Bad} with a one-line reason naming the column; the reason quotes the offending
 * value (bounded) but never a payer column.
 */
final class Cells {

    /** Both providers write local China time without an offset; China has had no DST since 1991. */
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    static final int MAX_ID_LENGTH = 64;
    static final int MAX_EVENT_ID_LENGTH = 128;

    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
                    .withResolverStyle(ResolverStyle.STRICT);

    private Cells() {}

    /** A row-level problem: the row becomes a rejected record with this reason. */
    static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Bad(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Local China time {@code yyyy-MM-dd HH:mm:ss} as an instant, within 2000-2099. */
    static Instant time(String column, String value) {
        Instant t;
        try {
            t = LocalDateTime.parse(value, LOCAL).atZone(CHINA).toInstant();
        } catch (DateTimeParseException e) {
            throw new Bad(column + " is not a time yyyy-MM-dd HH:mm:ss: " + quote(value));
        }
        if (t.isBefore(EventParser.MIN_EVENT_TIME) || !t.isBefore(EventParser.MAX_EVENT_TIME)) {
            throw new Bad(column + " out of range (2000 to 2099): " + quote(value));
        }
        return t;
    }

    /** The local China time of {@code t}, cut to the second, as the bills write it. */
    static String localTime(Instant t) {
        return LOCAL.format(t.truncatedTo(ChronoUnit.SECONDS).atZone(CHINA).toLocalDateTime());
    }

    /**
     * An identifier cell: null when empty and not required; otherwise at most 64 characters, not
     * blank, no control characters.
     */
    static String id(String column, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new Bad(column + " is empty");
            }
            return null;
        }
        if (value.isBlank()) {
            throw new Bad(column + " is blank");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new Bad(column + " longer than " + MAX_ID_LENGTH + " chars: " + quote(value));
        }
        String problem = FieldRules.characterProblem(column, value);
        if (problem != null) {
            throw new Bad(problem);
        }
        return value;
    }

    /** Exact fen of a plain yuan amount (no sign), see {@link Yuan#toFen}. */
    static long fen(String column, String value) {
        try {
            return Yuan.toFen(value);
        } catch (IllegalArgumentException e) {
            throw new Bad(column + ": " + e.getMessage());
        }
    }

    /** Exact fen of a yuan amount that may carry a leading minus sign (Alipay refunds). */
    static long signedFen(String column, String value) {
        if (value != null && value.startsWith("-")) {
            return -fen(column, value.substring(1));
        }
        return fen(column, value);
    }

    /**
     * A currency by the core's rules ({@link FieldRules}). The bills state amounts in yuan with two
     * decimals, read by {@link #fen}: a currency with other minor units (JPY, KWD) would be read
     * 100× or 10× off, so it is refused rather than guessed.
     */
    static String currency(String column, String value) {
        String problem = FieldRules.currencyProblem(column, value);
        if (problem != null) {
            throw new Bad(problem);
        }
        if (FieldRules.fractionDigits(value) != 2) {
            throw new Bad(
                    column
                            + " "
                            + value
                            + " has "
                            + FieldRules.fractionDigits(value)
                            + " minor-unit digits; the bill's amounts can only be read for"
                            + " currencies with two");
        }
        return value;
    }

    /** Fen as a yuan amount with two decimals, e.g. 1230 -> "12.30", -1 -> "-0.01". */
    static String yuan(long fen) {
        long abs = Math.abs(fen);
        String s = (abs / 100) + "." + String.format("%02d", abs % 100);
        return fen < 0 ? "-" + s : s;
    }

    /**
     * A deterministic event id: {@code prefix} and the parts joined by '-'. When that would exceed
     * the 128 characters the core allows, the prefix followed by a SHA-256 digest of the full text
     * (so the id stays deterministic and distinct).
     */
    static String eventId(String prefix, String... parts) {
        StringBuilder b = new StringBuilder(prefix);
        for (String p : parts) {
            b.append('-').append(p);
        }
        String id = b.toString();
        if (id.length() <= MAX_EVENT_ID_LENGTH) {
            return id;
        }
        try {
            byte[] h =
                    MessageDigest.getInstance("SHA-256")
                            .digest(id.getBytes(StandardCharsets.UTF_8));
            return prefix + "-h-" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * Masks the payer column of a statement line, and every cell that has the shape of a payer
     * identifier wherever it sits: a row with a stray separator before the payer column and a
     * missing one after it keeps the header's width while its payer id sits in another column, so
     * the column alone cannot be trusted for a line that is rejected anyway. Shapes: a WeChat
     * openid ({@code o} and 20 to 40 of {@code [A-Za-z0-9_-]}), an Alipay user id ({@code 2088} and
     * 12 digits), an e-mail address or a mainland mobile number (Alipay logon ids).
     *
     * @param shift how far the line's cell count is from the header's: the payer column is masked
     *     that far to either side too
     */
    static void maskPayer(String[] cells, int payerIndex, int shift, String mask) {
        for (int k = 0; k < cells.length; k++) {
            if (Math.abs(k - payerIndex) <= shift || looksLikePayerId(cells[k])) {
                cells[k] = mask;
            }
        }
    }

    /**
     * Anywhere in a cell (Alipay writes the counterparty as {@code **张(13912345678)}): an openid,
     * an Alipay user id, an e-mail address, a mobile number, whole or starred.
     */
    private static final java.util.regex.Pattern PAYER_SHAPE =
            java.util.regex.Pattern.compile(
                    "(?<![A-Za-z0-9])o[A-Za-z0-9_-]{20,40}"
                            + "|(?<!\\d)2088\\d{12}(?!\\d)"
                            + "|[^@\\s,`]+@[^@\\s,`]+"
                            + "|(?<!\\d)1\\d{10}(?!\\d)"
                            + "|(?<!\\d)1\\d{2}\\*{3,5}\\d{4}(?!\\d)");

    static boolean looksLikePayerId(String cell) {
        return PAYER_SHAPE.matcher(cell).find();
    }

    /** {@code text} with everything shaped like a payer id replaced by {@code ***}. */
    static String redactShapes(String text) {
        return text == null ? null : PAYER_SHAPE.matcher(text).replaceAll("***");
    }

    /** A value quoted for a reason, cut to 40 characters; a payer-shaped value is never shown. */
    static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        if (looksLikePayerId(value)) {
            return "\"***\" (a value shaped like a payer id)";
        }
        String v = value.length() <= 40 ? value : value.substring(0, 40) + "…";
        StringBuilder b = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.append('"').toString();
    }
}
