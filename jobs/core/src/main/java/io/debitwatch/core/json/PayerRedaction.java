package io.debitwatch.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Redacts payer identifiers (SPEC §4a.8) in a raw record after decoding it, for {@link
 * DeadLetters}. Redaction works on decoded names, never on the text's spelling of them:
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
 * {@link DeadLetters} then cuts the result to {@link DeadLetters#MAX_RAW_CHARS}.
 */
final class PayerRedaction {

    /** Larger records are not decoded: they are kept up to the first payer name only. */
    static final int MAX_DECODE_CHARS = 1 << 20;

    /** Levels of records kept as strings in records that are decoded. */
    static final int MAX_DEPTH = 8;

    /** What a payer value is replaced with. */
    static final String MASK = "***";

    private static final ObjectReader STRICT_JSON =
            Json.mapper()
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private PayerRedaction() {}

    /** {@code raw} with every payer value it may hold redacted, as the class describes. */
    static String redact(String raw) {
        return redact(raw, 0).text();
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
                if (PayerNames.isListedField(field.getKey())
                        || (PayerNames.hasStem(field.getKey()) && !value.isContainerNode())) {
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
                if (PayerNames.isPayerField(name) || PayerNames.mayHidePayerName(name)) {
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
            if (PayerNames.isPayerField(name)) {
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
     * the class comment), bounded to {@link DeadLetters#MAX_RAW_CHARS}.
     */
    private static Redacted opaque(String text) {
        String head =
                text.length() <= DeadLetters.MAX_RAW_CHARS
                        ? text
                        : text.substring(0, DeadLetters.MAX_RAW_CHARS);
        if (!PayerNames.mayHidePayerName(head)) {
            return Redacted.same(text);
        }
        // Longest prefix without a payer name: prefix(lo) is known clear, prefix(hi) is not.
        int lo = 0;
        int hi = head.length();
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (PayerNames.mayHidePayerName(head.substring(0, mid))) {
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
}
