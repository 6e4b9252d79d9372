package io.debitwatch.job;

import io.debitwatch.core.model.DeadLetter;
import java.io.Serializable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Sends dead letters to {@link Tags#DEAD_LETTERS} and reduces good events to {@link KeyedFact}s,
 * counting both. Runs chained to its source.
 */
public class ToFacts<T> extends ProcessFunction<Either<DeadLetter, T>, KeyedFact> {

    private static final long serialVersionUID = 1L;

    /** Turns an event into its keyed fact. */
    @FunctionalInterface
    public interface Converter<T> extends Serializable {
        KeyedFact convert(T event);
    }

    private final Converter<T> converter;
    private transient Counter good;
    private transient Counter dead;

    public ToFacts(Converter<T> converter) {
        this.converter = converter;
    }

    @Override
    public void open(OpenContext openContext) {
        good = getRuntimeContext().getMetricGroup().counter("eventsIn");
        dead = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(Either<DeadLetter, T> value, Context ctx, Collector<KeyedFact> out) {
        if (value.isRight()) {
            good.inc();
            out.collect(converter.convert(value.right()));
        } else {
            dead.inc();
            ctx.output(Tags.DEAD_LETTERS, value.left());
        }
    }
}
