package io.debitwatch.job.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The {@value #METRIC} counters of one operator, labelled {@code source} (the input, or {@code
 * detector}) and {@code reason} (its {@link DeadLetterClass}): one counter per class, created when
 * the operator opens, so counting a dead letter allocates nothing and every series exists (at zero)
 * from the start.
 */
public final class DeadLetterCounters {

    /** Name of the counter. */
    public static final String METRIC = "deadLetters";

    private final Counter[] byClass = new Counter[DeadLetterClass.values().length];

    /**
     * @param operator the operator's metric group
     * @param source the {@code source} label: a fixed name of the input, never a file path or a
     *     record's content
     */
    public DeadLetterCounters(MetricGroup operator, String source) {
        MetricGroup bySource = operator.addGroup("source", source);
        for (DeadLetterClass c : DeadLetterClass.values()) {
            byClass[c.ordinal()] = bySource.addGroup("reason", c.label()).counter(METRIC);
        }
    }

    /** Counts one dead letter with {@code reason}, under its class. */
    public void count(String reason) {
        byClass[DeadLetterClass.of(reason).ordinal()].inc();
    }
}
