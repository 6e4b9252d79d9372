package io.debitwatch.job;

import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.SourceFormat;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the job reads and writes: NDJSON files for replay, Kafka for streaming, collections in
 * tests. Every source delivers the one element type {@link AdaptedRecord}: each record already
 * parsed or adapted in the source ({@link SourceFormat}), as its events, its notice or its dead
 * letter, with timestamps and watermarks assigned.
 */
public interface JobIO {

    /** Normalised terminal events: terminal events and dead letters ({@link SourceFormat}). */
    DataStream<AdaptedRecord> terminalEvents(StreamExecutionEnvironment env);

    /**
     * Normalised provider events (provider events and dead letters), or null when the job reads
     * none (a replay of raw notifications only); then {@link #adaptedProviderInputs} must give at
     * least one input.
     */
    DataStream<AdaptedRecord> providerEvents(StreamExecutionEnvironment env);

    /**
     * Provider inputs in the providers' own formats (raw WeChat Pay and Alipay notifications;
     * statement files to come), each adapted record by record in its source, with timestamps and
     * watermarks from the adapted events (see {@link AdaptedRecord}). None by default.
     */
    default List<AdaptedInput> adaptedProviderInputs(StreamExecutionEnvironment env) {
        return List.of();
    }

    /**
     * One provider input in a provider's own format and the adapted records of its source; {@code
     * ordinal} numbers the inputs of one format from 1 (their operators' uids: {@link
     * RawFormat#splitUid(int)}).
     */
    record AdaptedInput(RawFormat format, DataStream<AdaptedRecord> records, int ordinal) {

        /** The only (or first) input of its format. */
        public AdaptedInput(RawFormat format, DataStream<AdaptedRecord> records) {
            this(format, records, 1);
        }
    }

    Sink<Alert> alertSink();

    Sink<RefundRequest> refundSink();

    Sink<Notification> notificationSink();

    Sink<DeadLetter> deadLetterSink();

    /**
     * Where a replay writes the orders its as-of time cut (SPEC §4a.6), or null: streaming decides
     * every point and cuts none.
     */
    default Sink<OpenOrder> openOrderSink() {
        return null;
    }

    /** Parallelism of the sinks, or -1 for the job's default. */
    default int sinkParallelism() {
        return -1;
    }
}
