package io.debitwatch.job.adapt;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.job.io.LineReader;
import io.debitwatch.providers.Adapted;
import java.io.IOException;
import java.util.ArrayDeque;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * The one NDJSON file format of the job: each non-blank line goes through its input's {@link
 * SourceFormat} in the source, so that timestamps and watermarks come from the events themselves:
 * every line becomes its events, its notice, or exactly one dead letter with the file name and line
 * number (see {@link SourceFormat} for the dead-letter policy).
 */
public final class AdaptedNdjsonFormat extends AdaptedFileFormat<SourceFormat> {

    private static final long serialVersionUID = 1L;

    public AdaptedNdjsonFormat(String sourceName, SourceFormat format, ClockSkew clockSkew) {
        super(sourceName, format, clockSkew);
    }

    /** Lines are read up to this many bytes: 4 per char covers any UTF-8 text within the limit. */
    public static int maxLineBytes(int maxRecordChars) {
        return 4 * maxRecordChars;
    }

    /**
     * What the current line of {@code lines} is: an oversize or non-UTF-8 line is rejected without
     * being adapted, any other goes to {@code adapter}. The replay's input scan uses the same
     * decision, so that it sees exactly the events the source will emit.
     */
    public static Adapted adaptLine(LineReader lines, RecordAdapter adapter, int maxRecordChars) {
        String problem = problem(lines, maxRecordChars);
        return problem != null
                ? new Adapted.Rejected(problem)
                : SourceFormat.adaptSafely(adapter, lines.text());
    }

    /** Why the current line cannot be read at all (oversize, not UTF-8), or null. */
    private static String problem(LineReader lines, int maxRecordChars) {
        if (lines.oversize()) {
            return "oversize record: "
                    + lines.byteLength()
                    + " bytes, limit "
                    + maxRecordChars
                    + " chars";
        }
        return lines.validUtf8() ? null : "not valid UTF-8";
    }

    @Override
    public Reader<AdaptedRecord> createReader(Configuration config, FSDataInputStream stream) {
        int maxRecordChars = adapter.maxRecordChars();
        LineReader lines = new LineReader(stream, maxLineBytes(maxRecordChars));
        ArrayDeque<AdaptedRecord> pending = new ArrayDeque<>(2);
        return new Reader<>() {
            @Override
            public AdaptedRecord read() throws IOException {
                while (pending.isEmpty()) {
                    if (!lines.next()) {
                        return null;
                    }
                    if (lines.blank()) {
                        continue;
                    }
                    long line = lines.lineNumber();
                    String text = lines.text();
                    adapter.expand(
                            text,
                            problem(lines, maxRecordChars),
                            reason -> DeadLetters.fromFile(sourceName, line, text, reason),
                            clockSkew,
                            pending::add);
                }
                return pending.poll();
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }
}
