package io.debitwatch.job.adapt;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.job.io.LineReader;
import io.debitwatch.providers.Adapted;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads an NDJSON file of raw provider records (one received notification per line) and adapts each
 * non-blank line in the source, so that timestamps and watermarks come from the adapted events:
 * every line becomes its provider events, its notice, or exactly one dead letter with the file name
 * and line number.
 */
public final class AdaptedNdjsonFormat extends SimpleStreamFormat<AdaptedRecord> {

    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final RecordAdapter adapter;
    private final int maxRecordChars;
    private final ClockSkew clockSkew;

    public AdaptedNdjsonFormat(
            String sourceName, RecordAdapter adapter, int maxRecordChars, ClockSkew clockSkew) {
        this.sourceName = sourceName;
        this.adapter = adapter;
        this.maxRecordChars = maxRecordChars;
        this.clockSkew = clockSkew;
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
        if (lines.oversize()) {
            return new Adapted.Rejected(
                    "oversize record: "
                            + lines.byteLength()
                            + " bytes, limit "
                            + maxRecordChars
                            + " chars");
        }
        if (!lines.validUtf8()) {
            return new Adapted.Rejected("not valid UTF-8");
        }
        try {
            return adapter.adapt(lines.text());
        } catch (RuntimeException e) {
            // Adapters promise not to throw; if one does, the line is still one dead letter. The
            // class only: a message might quote the record.
            return new Adapted.Rejected("cannot adapt: " + e.getClass().getName());
        }
    }

    @Override
    public Reader<AdaptedRecord> createReader(Configuration config, FSDataInputStream stream) {
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
                    AdaptedRecord.expand(
                            adaptLine(lines, adapter, maxRecordChars),
                            reason -> DeadLetters.fromFile(sourceName, line, text, reason),
                            Instant.now(),
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

    @Override
    public TypeInformation<AdaptedRecord> getProducedType() {
        return AdaptedRecord.TYPE;
    }
}
