package io.debitwatch.job;

import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.core.model.RefundRequest;
import org.apache.flink.util.OutputTag;

/** The side outputs of the job. The alerts are the detector's main output. */
public final class OutputTags {

    public static final OutputTag<RefundRequest> REFUND_REQUESTS =
            new OutputTag<>("refund-requests") {};

    public static final OutputTag<Notification> NOTIFICATIONS = new OutputTag<>("notifications") {};

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** Orders a replay's as-of time cut (SPEC §4a.6); never in streaming. */
    public static final OutputTag<OpenOrder> OPEN_ORDERS = new OutputTag<>("open-orders") {};

    private OutputTags() {}
}
