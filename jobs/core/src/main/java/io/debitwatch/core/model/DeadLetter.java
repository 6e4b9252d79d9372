package io.debitwatch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record that could not be used, with the reason. {@code raw} is the record as received, with
 * payer identifiers masked and cut to a bounded length; where it came from is given by {@code
 * source} and, when known, the file line or the Kafka topic, partition and offset.
 */
public record DeadLetter(
        String source,
        String reason,
        String raw,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long line,
        @JsonInclude(JsonInclude.Include.NON_NULL) String topic,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer partition,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long offset) {}
