package io.debitwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files: reproducible, parseable (malformed lines excepted), in event-time order. */
class FileSinkTest {

    private static final int ORDERS = 5_000;
    private static final List<String> FILES =
            List.of(FileSink.TERMINAL_FILE, FileSink.PROVIDER_FILE, FileSink.GROUND_TRUTH_FILE);

    @TempDir Path tmp;

    @Test
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedDifferentOnes() throws IOException {
        Path a = write("a", 42);
        Path b = write("b", 42);
        Path c = write("c", 43);
        for (String f : FILES) {
            assertThat(Files.readAllBytes(a.resolve(f)))
                    .isEqualTo(Files.readAllBytes(b.resolve(f)));
            assertThat(Files.readAllBytes(a.resolve(f)))
                    .isNotEqualTo(Files.readAllBytes(c.resolve(f)));
        }
    }

    @Test
    void goodLinesParseMalformedOnesDoNotAndTheCountsMatchTheGroundTruth() throws IOException {
        Path dir = write("p", 5);
        int bad =
                countBad(dir.resolve(FileSink.TERMINAL_FILE), EventParser::parseTerminal)
                        + countBad(dir.resolve(FileSink.PROVIDER_FILE), EventParser::parseProvider);
        List<String> truth = lines(dir.resolve(FileSink.GROUND_TRUTH_FILE));
        long deadLetters = truth.stream().filter(l -> l.contains("\"DEAD_LETTER\"")).count();
        assertThat(bad).isPositive().isEqualTo((int) deadLetters);

        long events =
                Simulator.generate(SimulatorConfig.defaults(), 5, ORDERS)
                        .mapToLong(o -> o.events().size())
                        .sum();
        assertThat(
                        lines(dir.resolve(FileSink.TERMINAL_FILE)).size()
                                + lines(dir.resolve(FileSink.PROVIDER_FILE)).size())
                .isEqualTo((int) events);
        // Every ground-truth line is one JSON object with the order key and a record kind.
        for (String l : truth) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = Json.read(l, Map.class);
            assertThat(m).containsKeys("record", "provider", "merchant_id", "out_trade_no", "type");
        }
    }

    @Test
    void eventTimesAreInOrderWithinTheDocumentedLookahead() throws IOException {
        Path dir = write("o", 9);
        for (String f : List.of(FileSink.TERMINAL_FILE, FileSink.PROVIDER_FILE)) {
            long max = Long.MIN_VALUE;
            int timed = 0;
            for (String l : lines(dir.resolve(f))) {
                long t = EventParser.eventTimeMillis(l);
                if (t == Long.MIN_VALUE) {
                    continue; // a malformed line without a readable time
                }
                timed++;
                assertThat(t).as(f).isGreaterThanOrEqualTo(max - FileSink.MAX_DISORDER.toMillis());
                max = Math.max(max, t);
            }
            assertThat(timed).isGreaterThan(ORDERS / 2);
        }
    }

    @Test
    void eventTimesAreWrittenAtChinaOffset() throws IOException {
        Path dir = write("z", 11);
        String first = lines(dir.resolve(FileSink.TERMINAL_FILE)).get(0);
        assertThat(first).containsPattern("\"event_time\":\"[0-9T:.-]+\\+08:00\"");
    }

    private Path write(String name, long seed) throws IOException {
        Path dir = tmp.resolve(name);
        Simulator.run(SimulatorConfig.defaults(), seed, ORDERS, new FileSink(dir));
        return dir;
    }

    private static <T> int countBad(Path file, Function<String, Parsed<T>> parser)
            throws IOException {
        int bad = 0;
        for (String l : lines(file)) {
            if (parser.apply(l) instanceof Parsed.Bad<T>) {
                bad++;
            }
        }
        return bad;
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }
}
