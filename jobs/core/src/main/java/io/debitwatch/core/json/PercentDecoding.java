package io.debitwatch.core.json;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;

/**
 * Strict decoding of form-encoded text ({@code application/x-www-form-urlencoded}: {@code +} is a
 * space, {@code %XX} a byte), in the charset the form names: the one decoder of the Alipay adapter
 * and of dead-letter redaction, so that both read a form body the same way.
 */
public final class PercentDecoding {

    private PercentDecoding() {}

    /**
     * The decoded text.
     *
     * @throws IllegalArgumentException "has a truncated %-escape", "has a malformed %-escape" or
     *     "is not valid CHARSET": a reason to prefix with what was decoded
     */
    public static String decode(String raw, Charset charset) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("has a truncated %-escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("has a malformed %-escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not valid " + charset.name());
        }
    }
}
