package io.debitwatch.job;

import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalEvent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * Where the job reads and writes: NDJSON files for replay, Kafka for streaming, test collections in
 * tests. Sources deliver each record already parsed, as an event or as the dead letter it became,
 * with timestamps and watermarks assigned.
 */
public interface JobIO {

    DataStream<Either<DeadLetter, TerminalEvent>> terminalEvents(StreamExecutionEnvironment env);

    DataStream<Either<DeadLetter, ProviderEvent>> providerEvents(StreamExecutionEnvironment env);

    Sink<Alert> alertSink();

    Sink<RefundRequest> refundSink();

    Sink<Notification> notificationSink();

    Sink<DeadLetter> deadLetterSink();

    /** Parallelism of the sinks, or -1 for the job's default. */
    default int sinkParallelism() {
        return -1;
    }
}
