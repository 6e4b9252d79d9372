package io.debitwatch.core.detect;

import io.debitwatch.core.model.TerminalContext;

/**
 * The order's {@link TerminalContext} as kept in its state, once per order (not per fact), with the
 * event time each value came from so that the result does not depend on arrival order: {@code
 * store_id}, {@code terminal_id} and {@code app_version} are each the value of the earliest
 * terminal event that carries one (the till where the sale was rung up), {@code error_code} the
 * value of the latest (the terminal's last failing word on the order). At equal times the smaller
 * value wins. A field without a value has time 0 and is ignored. The context never influences a
 * decision.
 */
public record TerminalTrace(
        String storeId,
        long storeAt,
        String terminalId,
        long terminalAt,
        String appVersion,
        long appAt,
        String errorCode,
        long errorAt) {

    /**
     * {@code known} with the values of one terminal event at {@code time} merged in; {@code known}
     * itself when the event adds nothing; null when neither has a value.
     */
    public static TerminalTrace merge(TerminalTrace known, TerminalContext seen, long time) {
        if (seen == null) {
            return known;
        }
        if (known == null) {
            known = new TerminalTrace(null, 0, null, 0, null, 0, null, 0);
        }
        TerminalTrace merged =
                new TerminalTrace(
                        earliest(known.storeId, known.storeAt, seen.storeId(), time),
                        earliestAt(known.storeId, known.storeAt, seen.storeId(), time),
                        earliest(known.terminalId, known.terminalAt, seen.terminalId(), time),
                        earliestAt(known.terminalId, known.terminalAt, seen.terminalId(), time),
                        earliest(known.appVersion, known.appAt, seen.appVersion(), time),
                        earliestAt(known.appVersion, known.appAt, seen.appVersion(), time),
                        latest(known.errorCode, known.errorAt, seen.errorCode(), time),
                        latestAt(known.errorCode, known.errorAt, seen.errorCode(), time));
        if (merged.equals(known)) {
            return known.isEmpty() ? null : known;
        }
        return merged;
    }

    /** The context written on alerts; null when nothing is known. */
    public TerminalContext context() {
        return isEmpty() ? null : new TerminalContext(storeId, terminalId, appVersion, errorCode);
    }

    private boolean isEmpty() {
        return storeId == null && terminalId == null && appVersion == null && errorCode == null;
    }

    private static boolean earlierWins(String known, long knownAt, String seen, long at) {
        return seen != null
                && (known == null || at < knownAt || (at == knownAt && seen.compareTo(known) < 0));
    }

    private static boolean laterWins(String known, long knownAt, String seen, long at) {
        return seen != null
                && (known == null || at > knownAt || (at == knownAt && seen.compareTo(known) < 0));
    }

    private static String earliest(String known, long knownAt, String seen, long at) {
        return earlierWins(known, knownAt, seen, at) ? seen : known;
    }

    private static long earliestAt(String known, long knownAt, String seen, long at) {
        return earlierWins(known, knownAt, seen, at) ? at : knownAt;
    }

    private static String latest(String known, long knownAt, String seen, long at) {
        return laterWins(known, knownAt, seen, at) ? seen : known;
    }

    private static long latestAt(String known, long knownAt, String seen, long at) {
        return laterWins(known, knownAt, seen, at) ? at : knownAt;
    }
}
