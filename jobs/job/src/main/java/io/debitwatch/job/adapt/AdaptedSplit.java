package io.debitwatch.job.adapt;

import io.debitwatch.job.KeyedFact;
import io.debitwatch.job.OutputTags;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The one split in front of the keyBy, chained to each source: terminal and provider events become
 * {@link KeyedFact}s for the detector, dead letters go to {@link OutputTags#DEAD_LETTERS} and the
 * notifications of provider notices to {@link OutputTags#NOTIFICATIONS} (never to the detector).
 * Counts each.
 */
public class AdaptedSplit extends ProcessFunction<AdaptedRecord, KeyedFact> {

    private static final long serialVersionUID = 1L;

    private transient Counter events;
    private transient Counter dead;
    private transient Counter notices;

    @Override
    public void open(OpenContext openContext) {
        events = getRuntimeContext().getMetricGroup().counter("eventsIn");
        dead = getRuntimeContext().getMetricGroup().counter("deadLetters");
        notices = getRuntimeContext().getMetricGroup().counter("providerNotices");
    }

    @Override
    public void processElement(AdaptedRecord value, Context ctx, Collector<KeyedFact> out) {
        if (value.terminal() != null) {
            events.inc();
            out.collect(KeyedFact.ofTerminal(value.terminal()));
        } else if (value.event() != null) {
            events.inc();
            out.collect(KeyedFact.ofProvider(value.event()));
        } else if (value.deadLetter() != null) {
            dead.inc();
            ctx.output(OutputTags.DEAD_LETTERS, value.deadLetter());
        } else {
            notices.inc();
            ctx.output(OutputTags.NOTIFICATIONS, value.notice());
        }
    }
}
