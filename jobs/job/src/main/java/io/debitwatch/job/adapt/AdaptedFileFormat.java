package io.debitwatch.job.adapt;

import io.debitwatch.job.io.ClockSkew;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;

/**
 * A file format of the job's replay sources: it emits the one element type {@link AdaptedRecord}
 * through its {@code adapter} (a {@link SourceFormat} line by line, a {@link StatementParser} for a
 * whole statement), names the file in its dead letters, and checks event times against the clock
 * ({@link ClockSkew}).
 */
public abstract class AdaptedFileFormat<A extends Serializable>
        extends SimpleStreamFormat<AdaptedRecord> {

    private static final long serialVersionUID = 1L;

    /** The file's name, for dead letters. */
    protected final String sourceName;

    /** What turns the file's text into elements. */
    protected final A adapter;

    protected final ClockSkew clockSkew;

    protected AdaptedFileFormat(String sourceName, A adapter, ClockSkew clockSkew) {
        this.sourceName = sourceName;
        this.adapter = adapter;
        this.clockSkew = clockSkew;
    }

    @Override
    public final TypeInformation<AdaptedRecord> getProducedType() {
        return AdaptedRecord.TYPE;
    }
}
