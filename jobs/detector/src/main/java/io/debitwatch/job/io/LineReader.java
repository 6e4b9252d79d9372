package io.debitwatch.job.io;

import java.io.IOException;
import java.io.InputStream;
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
        for (int i = 0; i < trimmedLength(); i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The current line as text, cut at the bound for oversize lines. */
    public String text() {
        return new String(line, 0, Math.min(trimmedLength(), maxBytes), StandardCharsets.UTF_8);
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
