package io.debitwatch.job;

import io.debitwatch.core.model.DeadLetter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/** Passes good events on and sends dead letters to {@link Tags#DEAD_LETTERS}, counting them. */
public class SplitDeadLetters<T> extends ProcessFunction<Either<DeadLetter, T>, T> {

    private static final long serialVersionUID = 1L;

    private transient Counter good;
    private transient Counter dead;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        good = getRuntimeContext().getMetricGroup().counter("eventsIn");
        dead = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(Either<DeadLetter, T> value, Context ctx, Collector<T> out) {
        if (value.isRight()) {
            good.inc();
            out.collect(value.right());
        } else {
            dead.inc();
            ctx.output(Tags.DEAD_LETTERS, value.left());
        }
    }
}
