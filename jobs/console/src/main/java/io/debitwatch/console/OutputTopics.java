package io.debitwatch.console;

import java.util.List;

/** The names of the job's output topics the console reads. */
public record OutputTopics(String alerts, String refundRequests, String notifications) {

    /** The job's default names. */
    public static OutputTopics defaults() {
        return new OutputTopics("alerts", "refund-requests", "notifications");
    }

    public List<String> all() {
        return List.of(alerts, refundRequests, notifications);
    }
}
