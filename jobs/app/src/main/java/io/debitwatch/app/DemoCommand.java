package io.debitwatch.app;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.job.replay.Replay;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch demo}. Until the streaming demo lands (embedded Kafka, simulator, scorecard),
 * it replays the bundled sample of stories and says so.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Show debitwatch at work on embedded defaults (for now: the bundled sample).")
final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write the outputs (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("out", "demo");

    @Override
    public Integer call() throws Exception {
        Path sample = Files.createTempDirectory("debitwatch-sample");
        Path terminal = extract("sample/terminal-events.ndjson", sample);
        Path provider = extract("sample/provider-events.ndjson", sample);
        System.out.println(
                "debitwatch demo: replaying the bundled sample of 20 payment stories through the"
                        + " job (the live demo on Kafka with simulated traffic and a scorecard is"
                        + " not built yet; `./debitwatch kafka --sample` and `run` show the"
                        + " streaming job today).");
        Replay.Summary s;
        try {
            s = ReplayCommand.run(terminal, provider, out, DetectorConfig.defaults(), 2);
        } finally {
            WorkDirs.deleteQuietly(sample);
        }
        ReplayCommand.print(s, out, System.out);
        System.out.println();
        System.out.println("Look at the alerts:   head -3 " + out.resolve("alerts.ndjson"));
        System.out.println("and the refunds:      cat " + out.resolve("refund-requests.ndjson"));
        return 0;
    }

    private static Path extract(String resource, Path dir) throws IOException {
        Path target = dir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("bundled sample missing from the jar: " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
