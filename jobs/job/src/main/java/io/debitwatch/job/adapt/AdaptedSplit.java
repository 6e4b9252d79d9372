package io.debitwatch.job.adapt;

import io.debitwatch.job.KeyedFact;
import io.debitwatch.job.OutputTags;
import io.debitwatch.job.metrics.DeadLetterCounters;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The one split in front of the keyBy, chained to each source: terminal and provider events become
 * {@link KeyedFact}s for the detector, dead letters go to {@link OutputTags#DEAD_LETTERS} and the
 * notifications of provider notices to {@link OutputTags#NOTIFICATIONS} (never to the detector).
 * Counts each: {@code eventsIn}, {@code providerNotices}, and {@code deadLetters} labelled with the
 * input ({@code source}) and the class of the reason ({@link DeadLetterCounters}).
 */
public class AdaptedSplit extends ProcessFunction<AdaptedRecord, KeyedFact> {

    private static final long serialVersionUID = 1L;

    private final String source;

    private transient Counter events;
    private transient DeadLetterCounters dead;
    private transient Counter notices;

    /**
     * @param source the input's fixed name, the {@code source} label of its dead-letter counters
     */
    public AdaptedSplit(String source) {
        this.source = source;
    }

    @Override
    public void open(OpenContext openContext) {
        events = getRuntimeContext().getMetricGroup().counter("eventsIn");
        dead = new DeadLetterCounters(getRuntimeContext().getMetricGroup(), source);
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
            dead.count(value.deadLetter().reason());
            ctx.output(OutputTags.DEAD_LETTERS, value.deadLetter());
        } else {
            notices.inc();
            ctx.output(OutputTags.NOTIFICATIONS, value.notice());
        }
    }
}
