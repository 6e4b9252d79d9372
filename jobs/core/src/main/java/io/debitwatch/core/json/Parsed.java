package io.debitwatch.core.json;

/** The outcome of parsing one input record: the event, or the reason it is a dead letter. */
public sealed interface Parsed<T> {

    /** A valid event. */
    record Ok<T>(T value) implements Parsed<T> {}

    /** A record that cannot be used; {@code reason} says why in one line. */
    record Bad<T>(String reason) implements Parsed<T> {}
}
