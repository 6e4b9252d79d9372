package io.debitwatch.job.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads '\n'-terminated UTF-8 lines with a bound on what it keeps: a line longer than {@code
 * maxChars} bytes is consumed to its end and reported as oversize, so one giant line can neither
 * exhaust memory nor shift the lines after it.
 */
public final class LineReader implements AutoCloseable {

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] line = new byte[1024];
    private int length;
    private long totalLength;
    private long lineNumber;

    public LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Advances to the next line; false at the end of the stream. */
    public boolean next() throws IOException {
        length = 0;
        totalLength = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (any) {
                        lineNumber++;
                    }
                    return any;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            append(start, pos - start);
            if (pos < limit) {
                pos++; // the newline
                lineNumber++;
                return true;
            }
        }
    }

    private void append(int from, int n) {
        totalLength += n;
        int room = maxBytes + 1 - length; // keep one byte past the limit to detect oversize
        int take = Math.min(n, Math.max(room, 0));
        if (take <= 0) {
            return;
        }
        if (length + take > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + take));
        }
        System.arraycopy(buf, from, line, length, take);
        length += take;
    }

    /** 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Bytes of the current line, without the newline (and without a trailing '\r'). */
    public long byteLength() {
        return trimmedLength() == length ? totalLength : totalLength - 1;
    }

    public boolean oversize() {
        return totalLength > maxBytes;
    }

    public boolean blank() {
        for (int i = bomLength(); i < trimmedLength(); i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * The current line as text, cut at the bound for oversize lines. A UTF-8 byte order mark at the
     * start of the file is not part of the first line. Bytes that are not UTF-8 become U+FFFD here;
     * {@link #validUtf8()} tells whether there were any.
     */
    public String text() {
        int from = bomLength();
        return new String(
                line, from, Math.min(trimmedLength(), maxBytes) - from, StandardCharsets.UTF_8);
    }

    /**
     * Whether the current line is well-formed UTF-8. Not checked for oversize lines: they are
     * refused for their size, and may be cut inside a character.
     */
    public boolean validUtf8() {
        if (oversize()) {
            return true;
        }
        int from = bomLength();
        int n = Math.min(trimmedLength(), maxBytes);
        for (int i = from; i < n; i++) {
            if (line[i] < 0) { // not ASCII: check the rest of the line strictly
                try {
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(line, i, n - i));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private int bomLength() {
        return lineNumber == 1
                        && length >= 3
                        && line[0] == (byte) 0xEF
                        && line[1] == (byte) 0xBB
                        && line[2] == (byte) 0xBF
                ? 3
                : 0;
    }

    /** Raw bytes of the current line (valid until {@link #next()}); length is {@link #length()}. */
    public byte[] bytes() {
        return line;
    }

    public int length() {
        return trimmedLength();
    }

    private int trimmedLength() {
        return length > 0 && line[length - 1] == '\r' && !oversize() ? length - 1 : length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
