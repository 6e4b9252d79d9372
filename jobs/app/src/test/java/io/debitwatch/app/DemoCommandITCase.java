package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.AlertType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code debitwatch demo} as a user runs it, shortened: embedded broker, the streaming job,
 * simulated traffic, and a perfect scorecard with every alert type present.
 */
class DemoCommandITCase {

    @Test
    void shortDemoScoresPerfect() {
        Cli.Run run = Cli.run("demo", "--duration", "10s", "--rate", "400", "--seed", "11");
        int exit = run.exit();
        String text = run.out();
        System.out.println(text);
        assertThat(exit).as(text + run.err()).isZero();
        assertThat(text).contains("PERFECT").contains("early warning").contains("alerts, live");
        for (AlertType t : AlertType.values()) {
            Matcher m =
                    Pattern.compile("\\n  " + t + "\\s+([\\d,]+)\\s+([\\d,]+)\\s+0\\s+0\\n")
                            .matcher(text);
            assertThat(m.find()).as(t + " row in\n" + text).isTrue();
            long expected = Long.parseLong(m.group(1).replace(",", ""));
            assertThat(expected).as(t + " expected").isPositive();
            assertThat(m.group(2).replace(",", "")).isEqualTo(Long.toString(expected));
        }
        Matcher refunds =
                Pattern.compile("refund requests\\s+([\\d,]+)\\s+emitted ([\\d,]+), duplicated 0")
                        .matcher(text);
        assertThat(refunds.find()).isTrue();
        assertThat(refunds.group(1)).isEqualTo(refunds.group(2));
        assertThat(Long.parseLong(refunds.group(1).replace(",", ""))).isPositive();
    }
}
