package io.debitwatch.job.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A Kafka record's value as text, or why it cannot be one: empty, larger than 4 bytes per allowed
 * char, or not UTF-8. {@code raw} is what a dead letter keeps of it (a prefix of an oversize value,
 * a lenient decoding of bad bytes); {@code reason} is null when {@code text} is usable.
 */
record RecordText(String text, String raw, String reason) {

    static RecordText of(byte[] value, int maxChars) {
        if (value == null || value.length == 0) {
            return new RecordText(null, "", "empty record");
        }
        int maxBytes = 4 * maxChars;
        if (value.length > maxBytes) {
            // Keep only a prefix: the dead letter is cut to a few KiB anyway.
            return new RecordText(
                    null,
                    new String(value, 0, maxBytes, StandardCharsets.UTF_8),
                    "oversize record: " + value.length + " bytes, limit " + maxChars + " chars");
        }
        try {
            // Strict decoding: new String(bytes, UTF_8) would replace bad bytes silently.
            String text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(value))
                            .toString();
            return new RecordText(text, text, null);
        } catch (CharacterCodingException e) {
            return new RecordText(
                    null, new String(value, StandardCharsets.UTF_8), "not valid UTF-8");
        }
    }
}
