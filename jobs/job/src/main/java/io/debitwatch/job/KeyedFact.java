package io.debitwatch.job;

import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalContext;
import io.debitwatch.core.model.TerminalEvent;

/**
 * What crosses the keyBy shuffle: the encoded order key, the event's compact {@link Fact} and, for
 * a terminal event, its {@link TerminalContext} (null when it carries none, and for provider
 * events). Events are reduced to facts right where they are parsed, so the wire carries only what
 * the detector keeps.
 */
public record KeyedFact(String key, Fact fact, TerminalContext terminal) {

    /** A keyed fact without terminal context. */
    public KeyedFact(String key, Fact fact) {
        this(key, fact, null);
    }

    public static KeyedFact ofTerminal(TerminalEvent e) {
        return new KeyedFact(e.orderKey().encode(), Fact.of(e), context(e));
    }

    /** What the event says about its terminal; null when it says nothing. */
    static TerminalContext context(TerminalEvent e) {
        if (e.storeId() == null
                && e.terminalId() == null
                && e.appVersion() == null
                && e.errorCode() == null) {
            return null;
        }
        return new TerminalContext(e.storeId(), e.terminalId(), e.appVersion(), e.errorCode());
    }

    public static KeyedFact ofProvider(ProviderEvent e) {
        return new KeyedFact(e.orderKey().encode(), Fact.of(e));
    }
}
