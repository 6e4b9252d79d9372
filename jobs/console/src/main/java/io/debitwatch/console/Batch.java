package io.debitwatch.console;

import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.RefundRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What one poll of the output topics adds to the store, and the offsets to resume from once it is
 * stored: written in one database transaction by {@link StoreWriter}.
 */
final class Batch {

    /** A record that could not be stored, kept with where it came from and why. */
    record Skipped(String topic, int partition, long offset, String reason, String raw) {}

    final List<Alert> alerts = new ArrayList<>();
    final List<RefundRequest> refundRequests = new ArrayList<>();
    final List<Notification> notifications = new ArrayList<>();
    final List<Skipped> skipped = new ArrayList<>();
    final Map<TopicPartition, Long> nextOffsets = new HashMap<>();

    boolean isEmpty() {
        return alerts.isEmpty()
                && refundRequests.isEmpty()
                && notifications.isEmpty()
                && skipped.isEmpty()
                && nextOffsets.isEmpty();
    }

    int records() {
        return alerts.size() + refundRequests.size() + notifications.size() + skipped.size();
    }
}
