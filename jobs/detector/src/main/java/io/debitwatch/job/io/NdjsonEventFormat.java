package io.debitwatch.job.io;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.DeadLetter;
import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.types.Either;

/**
 * Reads an NDJSON file of input events: each non-blank line becomes the parsed event or the dead
 * letter it is, with its line number (an event dated too far ahead of the clock is one: {@link
 * ClockSkew}). Parsing happens in the source so that timestamps and watermarks come from the events
 * themselves.
 */
public final class NdjsonEventFormat<T> extends SimpleStreamFormat<Either<DeadLetter, T>> {

    private static final long serialVersionUID = 1L;

    /** Parses one record; must not throw on bad input. */
    @FunctionalInterface
    public interface RecordParser<T> extends Serializable {
        Parsed<T> parse(String raw);
    }

    /**
     * Lines are read up to this many bytes (4 per char covers any UTF-8 text within the parser's
     * character limit); the parser then applies its own limit in characters, the same for files and
     * Kafka.
     */
    static final int MAX_LINE_BYTES = 4 * EventParser.MAX_RECORD_CHARS;

    private final String sourceName;
    private final RecordParser<T> parser;
    private final Class<T> type;
    private final ClockSkew.EventTimeOf<T> eventTime;
    private final ClockSkew clockSkew;

    public NdjsonEventFormat(
            String sourceName,
            RecordParser<T> parser,
            Class<T> type,
            ClockSkew.EventTimeOf<T> eventTime,
            ClockSkew clockSkew) {
        this.sourceName = sourceName;
        this.parser = parser;
        this.type = type;
        this.eventTime = eventTime;
        this.clockSkew = clockSkew;
    }

    @Override
    public Reader<Either<DeadLetter, T>> createReader(
            Configuration config, FSDataInputStream stream) {
        LineReader lines = new LineReader(stream, MAX_LINE_BYTES);
        return new Reader<>() {
            @Override
            public Either<DeadLetter, T> read() throws IOException {
                while (lines.next()) {
                    if (lines.blank()) {
                        continue;
                    }
                    String text = lines.text();
                    if (lines.oversize()) {
                        return Either.Left(
                                DeadLetters.fromFile(
                                        sourceName,
                                        lines.lineNumber(),
                                        text,
                                        "oversize record: "
                                                + lines.byteLength()
                                                + " bytes, limit "
                                                + EventParser.MAX_RECORD_CHARS
                                                + " chars"));
                    }
                    if (!lines.validUtf8()) {
                        return Either.Left(
                                DeadLetters.fromFile(
                                        sourceName, lines.lineNumber(), text, "not valid UTF-8"));
                    }
                    Parsed<T> parsed = parser.parse(text);
                    String reason =
                            parsed instanceof Parsed.Ok<T> ok
                                    ? clockSkew.reject(eventTime.of(ok.value()))
                                    : ((Parsed.Bad<T>) parsed).reason();
                    if (reason == null) {
                        return Either.Right(((Parsed.Ok<T>) parsed).value());
                    }
                    return Either.Left(
                            DeadLetters.fromFile(sourceName, lines.lineNumber(), text, reason));
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<Either<DeadLetter, T>> getProducedType() {
        return Types.EITHER(TypeInformation.of(DeadLetter.class), TypeInformation.of(type));
    }
}
