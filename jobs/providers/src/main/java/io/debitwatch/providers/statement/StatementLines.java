package io.debitwatch.providers.statement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a statement file into physical lines without trusting its encoding: the bytes are cut at
 * LF (0x0A, which is never part of a multi-byte character in UTF-8 nor in GBK, whose trail bytes
 * are 0x40-0xFE), a trailing CR is dropped, and each line is decoded on its own with a strict
 * decoder. A line that is not valid text in the file's encoding therefore spoils only itself, never
 * the lines around it.
 */
final class StatementLines {

    /** Longer lines are cut and marked: no real bill row comes near this. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private StatementLines() {}

    /** One physical line, 1-based, as bytes. */
    record RawLine(long number, byte[] bytes, boolean oversize) {

        boolean blank() {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t') {
                    return false;
                }
            }
            return true;
        }

        /** The text, or null when the bytes are not valid in {@code charset}. */
        String strict(Charset charset) {
            try {
                return charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }

        /** The text with undecodable bytes replaced (for masked raw copies of bad lines only). */
        String lossy(Charset charset) {
            return new String(bytes, charset);
        }
    }

    /** All lines of {@code in}; an empty input gives none, a final LF adds no empty line. */
    static List<RawLine> read(InputStream in) throws IOException {
        List<RawLine> lines = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        boolean oversize = false;
        long number = 0;
        byte[] buffer = new byte[8192];
        boolean pending = false;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    lines.add(finish(++number, current, oversize));
                    current.reset();
                    oversize = false;
                    pending = false;
                } else {
                    pending = true;
                    if (current.size() < MAX_LINE_BYTES) {
                        current.write(b);
                    } else {
                        oversize = true;
                    }
                }
            }
        }
        if (pending) {
            lines.add(finish(++number, current, oversize));
        }
        return lines;
    }

    private static RawLine finish(long number, ByteArrayOutputStream current, boolean oversize) {
        byte[] bytes = current.toByteArray();
        if (!oversize && bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            byte[] cut = new byte[bytes.length - 1];
            System.arraycopy(bytes, 0, cut, 0, cut.length);
            bytes = cut;
        }
        return new RawLine(number, bytes, oversize);
    }
}
