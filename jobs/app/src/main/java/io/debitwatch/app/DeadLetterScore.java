package io.debitwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The dead letters of the {@link Scorecard}: how many came, and whether each points at a record the
 * feed sent malformed. Not thread-safe: the scorecard's lock guards it.
 */
final class DeadLetterScore {

    private final Consumer<String> problems;
    private long expected;
    private long received;

    /** Where each malformed record landed (topic/partition/offset) and where dead letters point. */
    private final Set<String> malformedAt = new HashSet<>();

    private final Set<String> deadLettersAt = new HashSet<>();

    DeadLetterScore(Consumer<String> problems) {
        this.problems = problems;
    }

    void expect(long count) {
        expected += count;
    }

    long expected() {
        return expected;
    }

    long received() {
        return received;
    }

    /** A malformed record the feed sent landed at {@code topic/partition/offset}. */
    void malformedAt(String where) {
        malformedAt.add(where);
    }

    /** A dead letter as the job writes it: it names the record's topic, partition and offset. */
    void received(JsonNode n) {
        received++;
        if (n.hasNonNull("topic")) {
            String where =
                    n.path("topic").asText()
                            + '/'
                            + n.path("partition").asInt()
                            + '/'
                            + n.path("offset").asLong();
            if (!deadLettersAt.add(where)) {
                problems.accept("two dead letters for " + where);
            }
        } else {
            problems.accept("dead letter without a record position: " + n.path("reason").asText());
        }
    }

    /**
     * Dead letters that point at a record the feed did not send malformed (a good record refused,
     * or the job's own dead letters); only counted when positions are known.
     */
    long unexpected() {
        if (!positionsKnown()) {
            return 0;
        }
        long unexpected = received - deadLettersAt.size();
        for (String at : deadLettersAt) {
            if (!malformedAt.contains(at)) {
                unexpected++;
            }
        }
        return unexpected;
    }

    /** As many as expected, each for a record sent malformed. */
    boolean exact() {
        return received == expected && unexpected() == 0;
    }

    ScorecardResult.DeadLetters counts() {
        return new ScorecardResult.DeadLetters(
                expected,
                received,
                positionsKnown(),
                unexpected(),
                firstNotIn(deadLettersAt, malformedAt),
                firstNotIn(malformedAt, deadLettersAt));
    }

    private boolean positionsKnown() {
        return !(malformedAt.isEmpty() && deadLettersAt.isEmpty());
    }

    private static List<String> firstNotIn(Set<String> these, Set<String> others) {
        return these.stream().filter(at -> !others.contains(at)).sorted().limit(5).toList();
    }
}
