package io.debitwatch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the order's terminal events said about where and how the sale was taken: the store, the
 * terminal, its payment software's version, and the error code of its failing result. It names
 * causes operators act on (an outdated app version, a flaky network at one store) and never
 * influences a decision. Each field is absent when no terminal event of the order carried it; the
 * rules that pick each value are in docs/detection.md ("Terminal context").
 */
public record TerminalContext(
        @JsonInclude(JsonInclude.Include.NON_NULL) String storeId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String terminalId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String appVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) String errorCode) {}
