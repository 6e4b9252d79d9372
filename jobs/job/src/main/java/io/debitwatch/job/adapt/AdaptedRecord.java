package io.debitwatch.job.adapt;

import io.debitwatch.core.detect.Outputs;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.NoticeKind;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.providers.Adapted;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The one element type of the job's sources: exactly one of a terminal event, a provider event, the
 * dead letter of a record, or the OPS notification of a provider notice. One record gives one or
 * more elements ({@link SourceFormat#expand}); {@link AdaptedSplit} turns them into facts for the
 * detector and side outputs.
 *
 * <p><b>Why this type.</b> The adaptation (signature check, decryption, mapping) runs inside the
 * source, in the Kafka deserializer or the file format, because a notification's event time is only
 * known after it: Flink generates per-partition watermarks in the source reader from the timestamps
 * of the elements the source emits, and an adapter operator after the source could only watermark
 * the merged partitions, so that a partition that is ahead would push the watermark past one that
 * is behind. A source has one output, so its element must carry the three outcomes. Flink has no
 * sum type of four; nested {@code Either}s would be type-safe but hard to read and use. This
 * record, with exactly one component set (checked in its constructor), is a Flink POJO (records are
 * supported since Flink 1.19) of POJO components, so Flink's own serializer handles it with {@code
 * pipeline.generic-types} false. It needs no hand-written serializer: it never crosses a shuffle
 * nor enters state, since {@link AdaptedSplit} runs chained to the source and turns events into
 * {@link io.debitwatch.job.KeyedFact}s before the keyBy.
 *
 * <p>Only events carry an event time ({@link #timestamp()}); dead letters and notices carry {@link
 * Long#MIN_VALUE}, so they never move the watermark nor, with {@link
 * io.debitwatch.job.kafka.TimedOnlyWatermarks}, keep a partition from going idle.
 */
public record AdaptedRecord(
        TerminalEvent terminal, ProviderEvent event, DeadLetter deadLetter, Notification notice) {

    /** Flink's type of the records (a POJO type: no Kryo). */
    public static final TypeInformation<AdaptedRecord> TYPE =
            TypeInformation.of(AdaptedRecord.class);

    /** Makes the dead letter of the raw record at hand, with a reason. */
    @FunctionalInterface
    public interface DeadLetterOf {
        DeadLetter withReason(String reason);
    }

    public AdaptedRecord {
        int set =
                (terminal != null ? 1 : 0)
                        + (event != null ? 1 : 0)
                        + (deadLetter != null ? 1 : 0)
                        + (notice != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException(
                    "an AdaptedRecord holds exactly one of terminal event, provider event, dead"
                            + " letter, notice; got "
                            + set);
        }
    }

    public static AdaptedRecord ofTerminal(TerminalEvent terminal) {
        return new AdaptedRecord(terminal, null, null, null);
    }

    public static AdaptedRecord ofEvent(ProviderEvent event) {
        return new AdaptedRecord(null, event, null, null);
    }

    public static AdaptedRecord ofDeadLetter(DeadLetter deadLetter) {
        return new AdaptedRecord(null, null, deadLetter, null);
    }

    public static AdaptedRecord ofNotice(Notification notice) {
        return new AdaptedRecord(null, null, null, notice);
    }

    /** The Flink timestamp: an event's event time; {@link Long#MIN_VALUE} for anything else. */
    public long timestamp() {
        if (terminal != null) {
            return terminal.eventTime().toEpochMilli();
        }
        return event != null ? event.eventTime().toEpochMilli() : Long.MIN_VALUE;
    }

    /**
     * The elements of one raw record's adaptation, in order: each provider event (or, when its
     * event time is too far ahead of the clock, its dead letter: {@link ClockSkew}); the dead
     * letter of a rejection, with its reason; the OPS notification of a notice ({@link
     * Outputs#providerNotice}, emitted at {@code now}, decided at the notice's time or, when the
     * provider gave none, at {@code now}). A notice the job has no notification for (an unknown
     * kind, no order) becomes a dead letter rather than disappear.
     */
    public static void expand(
            Adapted adapted,
            DeadLetterOf deadLetter,
            Instant now,
            ClockSkew clockSkew,
            Consumer<AdaptedRecord> out) {
        if (adapted instanceof Adapted.Events events) {
            for (ProviderEvent e : events.events()) {
                String ahead = clockSkew.reject(e.eventTime());
                out.accept(ahead == null ? ofEvent(e) : ofDeadLetter(deadLetter.withReason(ahead)));
            }
        } else if (adapted instanceof Adapted.Notice notice) {
            out.accept(notice(notice, deadLetter, now));
        } else if (adapted instanceof Adapted.Rejected rejected) {
            out.accept(ofDeadLetter(deadLetter.withReason(rejected.reason())));
        } else {
            out.accept(ofDeadLetter(deadLetter.withReason("internal: no adaptation")));
        }
    }

    private static AdaptedRecord notice(Adapted.Notice n, DeadLetterOf deadLetter, Instant now) {
        NoticeKind kind = NoticeKind.byName(n.kind());
        if (kind == null) {
            return ofDeadLetter(
                    deadLetter.withReason(
                            "provider notice of a kind without notification: " + n.kind()));
        }
        if (n.merchantId() == null || n.outTradeNo() == null) {
            return ofDeadLetter(
                    deadLetter.withReason("provider notice " + kind + " names no order"));
        }
        return ofNotice(
                Outputs.providerNotice(
                        kind,
                        new OrderKey(n.provider(), n.merchantId(), n.outTradeNo()),
                        n.outRefundNo(),
                        n.amountMinor(),
                        n.currency(),
                        n.eventTime() != null ? n.eventTime() : now,
                        now));
    }
}
