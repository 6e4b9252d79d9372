package io.debitwatch.job.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.job.adapt.PayerIdSecret;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.StatementParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several files of one format are inputs of their own; one file given twice is refused. */
class ReplayInputsTest {

    private static Replay.RawInput bill(String file) {
        return Replay.RawInput.statement(
                RawFormat.WECHAT_BILL,
                Path.of(file),
                StatementParser.wechatBill(PayerIdSecret.none()));
    }

    @Test
    void severalBillsOfOneFormatAreAccepted() {
        Replay.Inputs in =
                new Replay.Inputs(Path.of("t.ndjson"), null, List.of(bill("a.csv"), bill("b.csv")));
        assertThat(in.raw()).hasSize(2);
    }

    @Test
    void oneFileGivenTwiceIsRefused() {
        assertThatThrownBy(
                        () ->
                                new Replay.Inputs(
                                        Path.of("t.ndjson"),
                                        null,
                                        List.of(bill("a.csv"), bill("./a.csv"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("given twice");
    }
}
