package io.debitwatch.job.adapt;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.statement.StatementResult;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a statement file (WeChat Pay tradebill, Alipay business detail) as one unit — its header
 * names the columns and its summary checks the rows — and emits what each row became, in line
 * order: the row's provider event (source STATEMENT), the OPS notification of a notice (a refund
 * still processing, abnormal or closed), or one dead letter per rejected row and per file-level
 * problem (missing summary, count or total mismatch, shifted columns), with file name and line.
 * Good rows count even when the file has problems. Not splittable: one reader per file.
 */
public final class AdaptedStatementFormat extends AdaptedFileFormat<StatementParser> {

    private static final long serialVersionUID = 1L;

    public AdaptedStatementFormat(String sourceName, StatementParser parser, ClockSkew clockSkew) {
        super(sourceName, parser, clockSkew);
    }

    /**
     * What a parsed statement emits, in line order (rows dated too far ahead of the clock as dead
     * letters); the replay's scan walks the same list.
     */
    public static List<AdaptedRecord> records(
            StatementResult result, Instant now, ClockSkew clockSkew) {
        List<AdaptedRecord> out = new ArrayList<>(result.rows().size());
        for (StatementResult.Row row : result.rows()) {
            if (row.outcome() instanceof Adapted.Rejected) {
                continue; // with the problems below, as the result orders its dead letters
            }
            AdaptedRecord.expand(
                    row.outcome(),
                    reason ->
                            DeadLetters.fromFile(
                                    result.sourceName(), row.line(), row.raw(), reason),
                    now,
                    clockSkew,
                    out::add);
        }
        result.deadLetters().forEach(d -> out.add(AdaptedRecord.ofDeadLetter(d)));
        return out;
    }

    @Override
    public Reader<AdaptedRecord> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        Iterator<AdaptedRecord> records =
                records(adapter.parse(stream, sourceName), Instant.now(), clockSkew).iterator();
        return new Reader<>() {
            @Override
            public AdaptedRecord read() {
                return records.hasNext() ? records.next() : null;
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }
}
