package io.debitwatch.job;

import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalEvent;

/**
 * What crosses the keyBy shuffle: the encoded order key and the event's compact {@link Fact}.
 * Events are reduced to facts right where they are parsed, so the wire carries only what the
 * detector keeps.
 */
public record KeyedFact(String key, Fact fact) {

    public static KeyedFact ofTerminal(TerminalEvent e) {
        return new KeyedFact(e.orderKey().encode(), Fact.of(e));
    }

    public static KeyedFact ofProvider(ProviderEvent e) {
        return new KeyedFact(e.orderKey().encode(), Fact.of(e));
    }
}
