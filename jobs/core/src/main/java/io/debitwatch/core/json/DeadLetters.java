package io.debitwatch.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.debitwatch.core.model.DeadLetter;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds dead letters: redacts payer identifiers (SPEC §4a.8) in the raw record after decoding it,
 * then bounds its size. Redaction works on decoded names, never on the text's spelling of them:
 *
 * <ol>
 *   <li><b>JSON</b> (an object, array or string, strictly parsed: no trailing data, no duplicate
 *       keys): the tree is walked and the value of every payer field — its name decoded by the JSON
 *       parser, compared on its letters only, ignoring case — becomes {@code "***"}, whatever its
 *       type (string, number, array, object). Every other string value is sanitized by these same
 *       rules, so a JSON document or a form body kept as a string (an envelope's {@code body}, a
 *       record in a record) is redacted too, up to {@value #MAX_DEPTH} levels. A record in which
 *       nothing was redacted is kept verbatim; otherwise it is re-serialised.
 *   <li><b>Form bodies</b> ({@code name=value&...}, printable ASCII): every name is percent-decoded
 *       with the body's own {@code charset} parameter (utf-8, gbk, gb2312, gb18030; utf-8
 *       otherwise), and the value of a payer parameter becomes {@code ***}. Other values are
 *       decoded and sanitized by these same rules (a body encoded once more); they stay as written
 *       unless something in them was redacted. Text without {@code =} that percent-decodes to
 *       something else (a whole body encoded once more) is redacted as what it decodes to.
 *   <li><b>Anything else</b> — not JSON, truncated, binary, oversize (over {@value
 *       #MAX_DECODE_CHARS} chars), a malformed escape, nested too deep — is kept only up to the
 *       first place where a payer field's name could be hidden: the longest prefix in which, after
 *       decoding percent, {@code \}{@code u}, {@code \}{@code x} and {@code &#} escapes
 *       (repeatedly) and NFKC-normalising, the letters alone (lower-cased) contain none of {@code
 *       payer}, {@code buyer}, {@code openid}. The rest is replaced by {@code …[redacted: N chars
 *       in all]}. The test is deliberately broader than the field names (it also stops at {@code
 *       buyer_pay_amount}): a value follows its name, so a prefix that holds no name holds no
 *       value. No digest of the record is given: an unkeyed digest of a record with a 16-digit
 *       {@code buyer_id} would let anyone who knows the rest of it confirm guesses.
 * </ol>
 *
 * The result is then cut to {@link #MAX_RAW_CHARS}; since redaction comes first, a cut never leaves
 * part of a payer value in clear text.
 */
public final class DeadLetters {

    /** Raw text kept in a dead letter; the rest is cut and marked. */
    public static final int MAX_RAW_CHARS = 4096;

    /** Larger records are not decoded: they are kept up to the first payer name only. */
    public static final int MAX_DECODE_CHARS = 1 << 20;

    /** Levels of records kept as strings in records that are decoded. */
    static final int MAX_DEPTH = 8;

    /** What a payer value is replaced with. */
    static final String MASK = "***";

    /**
     * The payer fields of SPEC §4a.8, normalised by {@link #normalisedName}: letters only, lower
     * case.
     */
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

    private static final ObjectReader STRICT_JSON =
            Json.mapper()
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private DeadLetters() {}

    public static DeadLetter fromFile(String source, long line, String raw, String reason) {
        return new DeadLetter(source, reason, sanitize(raw), line, null, null, null);
    }

    public static DeadLetter fromKafka(
            String topic, int partition, long offset, String raw, String reason) {
        return new DeadLetter(topic, reason, sanitize(raw), null, topic, partition, offset);
    }

    /**
     * Redacts payer identifiers as the class describes (they never leave the job in clear text) and
     * bounds the length. It redacts before it cuts, so that a cut through a value cannot leave part
     * of it in clear text.
     */
    public static String sanitize(String raw) {
        if (raw == null) {
            return "";
        }
        String clean = redact(raw, 0).text();
        return clean.length() <= MAX_RAW_CHARS
                ? clean
                : clean.substring(0, MAX_RAW_CHARS) + "…[cut, " + raw.length() + " chars in all]";
    }

    /**
     * True if {@code name}, as decoded, may be a payer field's: one of SPEC §4a.8's, or any name
     * whose letters hold {@code payer}, {@code buyer} or {@code openid} ({@code payer}, {@code
     * buyer_user_id}, {@code buyer_pay_amount}). A dead letter keeps less rather than risk a leak.
     */
    public static boolean isPayerField(String name) {
        return PAYER_FIELDS.contains(normalisedName(name)) || hasStem(name);
    }

    /** Text after redaction, and whether anything was redacted. */
    private record Redacted(String text, boolean changed) {
        static Redacted same(String text) {
            return new Redacted(text, false);
        }
    }

    private static Redacted redact(String text, int depth) {
        if (text.isEmpty()) {
            return Redacted.same(text);
        }
        if (depth >= MAX_DEPTH || text.length() > MAX_DECODE_CHARS) {
            return opaque(text);
        }
        String trimmed = text.strip();
        char first = trimmed.isEmpty() ? ' ' : trimmed.charAt(0);
        if (first == '{' || first == '[' || first == '"') {
            JsonNode tree = readJson(text);
            if (tree == null) {
                return opaque(text);
            }
            if (tree.isTextual()) {
                // A record kept as one JSON string: redact what the string holds.
                Redacted inner = redact(tree.textValue(), depth + 1);
                return inner.changed()
                        ? new Redacted(Json.write(TextNode.valueOf(inner.text())), true)
                        : Redacted.same(text);
            }
            if (!redactTree(tree, depth)) {
                return Redacted.same(text);
            }
            return new Redacted(Json.write(tree), true);
        }
        if (looksLikeForm(text)) {
            return redactForm(text, depth);
        }
        if (text.indexOf('%') >= 0) {
            // A whole body percent-encoded once more (kept from a URL): redact what it encodes.
            String decoded = percentDecode(text, UTF_8);
            if (decoded != null && !decoded.equals(text)) {
                Redacted inner = redact(decoded, depth + 1);
                return inner.changed()
                        ? new Redacted(URLEncoder.encode(inner.text(), UTF_8), true)
                        : Redacted.same(text);
            }
        }
        return opaque(text);
    }

    private static JsonNode readJson(String text) {
        try {
            return STRICT_JSON.readTree(text);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Redacts {@code node} in place; true if anything changed. */
    private static boolean redactTree(JsonNode node, int depth) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                // A payer field's value goes whole; a name that only resembles one keeps its
                // structure (WeChat's payer object), and its plain values go.
                if (PAYER_FIELDS.contains(normalisedName(field.getKey()))
                        || (hasStem(field.getKey()) && !value.isContainerNode())) {
                    if (!(value.isTextual() && MASK.equals(value.textValue()))) {
                        field.setValue(TextNode.valueOf(MASK));
                        changed = true;
                    }
                } else if (value.isTextual()) {
                    Redacted r = redact(value.textValue(), depth + 1);
                    if (r.changed()) {
                        field.setValue(TextNode.valueOf(r.text()));
                        changed = true;
                    }
                } else {
                    changed |= redactTree(value, depth);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    Redacted r = redact(value.textValue(), depth + 1);
                    if (r.changed()) {
                        array.set(i, TextNode.valueOf(r.text()));
                        changed = true;
                    }
                } else {
                    changed |= redactTree(value, depth);
                }
            }
        }
        return changed;
    }

    /** A form body: printable ASCII without spaces, and a {@code =} in it. */
    private static boolean looksLikeForm(String text) {
        if (text.indexOf('=') < 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static Redacted redactForm(String body, int depth) {
        String[] pairs = body.split("&", -1);
        Charset charset = formCharset(pairs);
        if (charset == null) {
            return opaque(body);
        }
        StringBuilder out = new StringBuilder(body.length());
        boolean changed = false;
        for (int k = 0; k < pairs.length; k++) {
            if (k > 0) {
                out.append('&');
            }
            String pair = pairs[k];
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = percentDecode(rawName, charset);
            if (name == null) {
                return opaque(body);
            }
            if (eq < 0) {
                if (isPayerField(name) || mayHidePayerName(name)) {
                    // A payer name whose "=" was encoded (buyer_id%3D2088…) holds the value too.
                    out.append(MASK);
                    changed = true;
                } else {
                    out.append(pair);
                }
                continue;
            }
            String rawValue = pair.substring(eq + 1);
            out.append(rawName).append('=');
            if (isPayerField(name)) {
                out.append(MASK);
                changed |= !MASK.equals(rawValue);
                continue;
            }
            String value = percentDecode(rawValue, charset);
            if (value == null) {
                Redacted r = opaque(rawValue);
                out.append(r.text());
                changed |= r.changed();
                continue;
            }
            Redacted r = redact(value, depth + 1);
            if (r.changed()) {
                out.append(URLEncoder.encode(r.text(), charset));
                changed = true;
            } else {
                out.append(rawValue);
            }
        }
        return changed ? new Redacted(out.toString(), true) : Redacted.same(body);
    }

    /** The charset a form body names in its {@code charset} parameter; null if unsupported. */
    private static Charset formCharset(String[] pairs) {
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq > 0 && "charset".equals(percentDecode(pair.substring(0, eq), UTF_8))) {
                String name = percentDecode(pair.substring(eq + 1), UTF_8);
                if (name == null) {
                    return null;
                }
                return switch (name.strip().toLowerCase(Locale.ROOT)) {
                    case "utf-8", "utf8", "" -> UTF_8;
                    case "gbk", "gb2312", "cp936" -> Charset.forName("GBK");
                    case "gb18030" -> Charset.forName("GB18030");
                    default -> null;
                };
            }
        }
        return UTF_8;
    }

    private static final Charset UTF_8 = StandardCharsets.UTF_8;

    /** {@code +} and {@code %XX} decoded strictly; null for a malformed escape or bad bytes. */
    /** Form-decoded text, or null when it cannot be decoded. */
    private static String percentDecode(String raw, Charset charset) {
        try {
            return PercentDecoding.decode(raw, charset);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Text that cannot be decoded: kept up to the first place where a payer name could hide (see
     * the class comment), bounded to {@link #MAX_RAW_CHARS}.
     */
    private static Redacted opaque(String text) {
        String head = text.length() <= MAX_RAW_CHARS ? text : text.substring(0, MAX_RAW_CHARS);
        if (!mayHidePayerName(head)) {
            return Redacted.same(text);
        }
        // Longest prefix without a payer name: prefix(lo) is known clear, prefix(hi) is not.
        int lo = 0;
        int hi = head.length();
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (mayHidePayerName(head.substring(0, mid))) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        if (lo > 0 && Character.isHighSurrogate(head.charAt(lo - 1))) {
            lo--;
        }
        return new Redacted(
                head.substring(0, lo) + "…[redacted: " + text.length() + " chars in all]", true);
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

    private static boolean hasStem(String text) {
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

    /** A field name as compared: its letters only, lower case ({@code Buyer-Id} is buyerid). */
    private static String normalisedName(String name) {
        return letters(name);
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
