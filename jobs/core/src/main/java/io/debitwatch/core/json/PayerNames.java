package io.debitwatch.core.json;

import java.text.Normalizer;
import java.util.Set;

/**
 * The names of payer fields (SPEC §4a.8) and where such a name may hide in text that cannot be
 * decoded. Names are compared on their letters only, lower case and NFKC-normalised ({@code
 * Buyer-Id} is {@code buyerid}).
 */
final class PayerNames {

    /** The payer fields of SPEC §4a.8, normalised by {@link #letters}: letters only, lower case. */
    private static final Set<String> PAYER_FIELDS =
            Set.of(
                    "payerref",
                    "openid",
                    "subopenid",
                    "spopenid",
                    "buyerid",
                    "buyerlogonid",
                    "buyeropenid");

    /** Every payer field's name contains one of these (letters only, lower case). */
    private static final String[] PAYER_STEMS = {"payer", "buyer", "openid"};

    private PayerNames() {}

    /**
     * True if {@code name}, as decoded, may be a payer field's: one of SPEC §4a.8's, or any name
     * whose letters hold {@code payer}, {@code buyer} or {@code openid} ({@code payer}, {@code
     * buyer_user_id}, {@code buyer_pay_amount}). A dead letter keeps less rather than risk a leak.
     */
    static boolean isPayerField(String name) {
        return isListedField(name) || hasStem(name);
    }

    /** True if {@code name} is one of SPEC §4a.8's payer fields. */
    static boolean isListedField(String name) {
        return PAYER_FIELDS.contains(letters(name));
    }

    /** True if, decoded any way this class knows, {@code text} may spell a payer field's name. */
    static boolean mayHidePayerName(String text) {
        String t = text;
        for (int round = 0; round < 6; round++) {
            if (hasStem(t)) {
                return true;
            }
            String next = decodeEscapesLeniently(t);
            if (next.equals(t)) {
                return false;
            }
            t = next;
        }
        return hasStem(t);
    }

    static boolean hasStem(String text) {
        String s = letters(text);
        for (String stem : PAYER_STEMS) {
            if (s.contains(stem)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One round of decoding the escapes a record may carry, leniently (malformed escapes stay):
     * {@code %XX} (as ISO-8859-1, enough for ASCII names), {@code \}{@code uXXXX}, {@code \}{@code
     * xXX}, {@code &#NN;} and {@code &#xXX;}.
     */
    private static String decodeEscapesLeniently(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int code = -1;
            int len = 0;
            if (c == '%' && i + 2 < s.length()) {
                code = hex(s, i + 1, 2);
                len = 3;
            } else if (c == '\\' && i + 1 < s.length()) {
                char k = s.charAt(i + 1);
                if ((k == 'u' || k == 'U') && i + 5 < s.length()) {
                    code = hex(s, i + 2, 4);
                    len = 6;
                } else if ((k == 'x' || k == 'X') && i + 3 < s.length()) {
                    code = hex(s, i + 2, 2);
                    len = 4;
                }
            } else if (c == '&' && i + 3 < s.length() && s.charAt(i + 1) == '#') {
                int semi = s.indexOf(';', i + 2);
                if (semi > 0 && semi - i <= 10) {
                    String num = s.substring(i + 2, semi);
                    code =
                            num.startsWith("x") || num.startsWith("X")
                                    ? hex(num, 1, num.length() - 1)
                                    : decimal(num);
                    len = semi - i + 1;
                }
            }
            if (code >= 0 && code <= Character.MAX_VALUE) {
                b.append((char) code);
                i += len;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    private static int hex(String s, int from, int count) {
        if (count <= 0 || count > 6 || from + count > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    private static int decimal(String s) {
        if (s.isEmpty() || s.length() > 7) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String letters(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder b = new StringBuilder(nfkc.length());
        for (int i = 0; i < nfkc.length(); i++) {
            char c = nfkc.charAt(i);
            if (Character.isLetter(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }
}
