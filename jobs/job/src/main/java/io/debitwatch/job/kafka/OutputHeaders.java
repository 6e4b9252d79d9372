package io.debitwatch.job.kafka;

import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.RefundRequest;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka headers of every output record, so that a router can route on them without parsing the
 * body: {@code type} (or {@code kind} for a notification), {@code provider}, {@code merchant_id},
 * {@code severity} where the record has one, and {@code schema}, the record's JSON Schema and its
 * major version ({@code alert/1}: see {@code schemas/README.md} for what a version promises).
 * Values are UTF-8 text; a record without a value for a header does not carry it.
 */
public final class OutputHeaders {

    /**
     * The major version of the output schemas. Adding an optional field keeps it; removing or
     * renaming a field, or changing a field's meaning, raises it.
     */
    public static final int SCHEMA_VERSION = 1;

    /** The headers of one kind of output record. */
    @FunctionalInterface
    public interface Of<T> extends Serializable {
        Headers headers(T value);
    }

    private OutputHeaders() {}

    public static Headers alert(Alert a) {
        return new Builder("alert")
                .add("type", a.type().name())
                .order(a.provider(), a.merchantId())
                .add("severity", Finding.of(a.type()).severity().name())
                .headers;
    }

    public static Headers refundRequest(RefundRequest r) {
        return new Builder("refund-request")
                .add("type", "REFUND_REQUEST")
                .order(r.provider(), r.merchantId())
                .headers;
    }

    public static Headers notification(Notification n) {
        return new Builder("notification")
                .add("kind", n.kind())
                .add("channel", n.channel().name())
                .order(n.provider(), n.merchantId())
                .add("severity", n.severity().name())
                .headers;
    }

    /** A dead letter's provider and merchant are unknown: it says only where it came from. */
    public static Headers deadLetter(DeadLetter d) {
        return new Builder("dead-letter").add("source", d.source()).headers;
    }

    private static final class Builder {
        final Headers headers = new RecordHeaders();

        Builder(String schema) {
            add("schema", schema + "/" + SCHEMA_VERSION);
        }

        Builder order(Provider provider, String merchantId) {
            return add("provider", provider == null ? null : provider.name())
                    .add("merchant_id", merchantId);
        }

        Builder add(String name, String value) {
            if (value != null) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
            return this;
        }
    }
}
