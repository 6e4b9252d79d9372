package io.debitwatch.job.report;

/**
 * A count and an amount in minor units.
 *
 * @param count how many
 * @param minor their amount in minor units
 */
public record Tally(long count, long minor) {

    public static final Tally ZERO = new Tally(0, 0);

    /** This plus one item of {@code amount}. */
    public Tally plus(long amount) {
        return new Tally(count + 1, minor + amount);
    }

    /** This minus {@code other}, item by item: what one source has more than the other. */
    public Tally minus(Tally other) {
        return new Tally(count - other.count, minor - other.minor);
    }
}
