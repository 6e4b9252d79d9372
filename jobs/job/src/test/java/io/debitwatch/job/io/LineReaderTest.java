package io.debitwatch.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<String> lines(byte[] bytes, int max) throws IOException {
        List<String> out = new ArrayList<>();
        try (LineReader r = new LineReader(new ByteArrayInputStream(bytes), max)) {
            while (r.next()) {
                out.add(
                        r.lineNumber()
                                + (r.blank() ? " blank" : "")
                                + (r.oversize() ? " oversize" : "")
                                + (r.validUtf8() ? "" : " invalid")
                                + " "
                                + r.text());
            }
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsLinesAndHandlesCrlfBlanksAndAMissingFinalNewline() throws IOException {
        assertThat(lines(utf8("a\r\n\r\n  \nb"), 100))
                .containsExactly("1 a", "2 blank ", "3 blank   ", "4 b");
    }

    @Test
    void dropsAByteOrderMarkAtTheStartOfTheFileOnly() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = utf8("{}\n");
        byte[] both = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, both, 0, bom.length);
        System.arraycopy(text, 0, both, bom.length, text.length);
        assertThat(lines(both, 100)).containsExactly("1 {}");
    }

    @Test
    void reportsMalformedUtf8InsteadOfGuessing() throws IOException {
        byte[] bad = {'a', (byte) 0xC3, '(', '\n', 'o', 'k'};
        assertThat(lines(bad, 100)).first().asString().contains(" invalid ");
        assertThat(lines(bad, 100).get(1)).isEqualTo("2 ok");
    }

    @Test
    void keepsMultiByteCharactersAcrossItsBuffer() throws IOException {
        String chinese = "订单实际已支付".repeat(20_000); // 420,000 bytes, several 64 KiB buffers
        assertThat(lines(utf8(chinese + "\nx"), 1 << 20)).containsExactly("1 " + chinese, "2 x");
    }

    @Test
    void boundsWhatItKeepsOfAGiantLineAndStaysInStep() throws IOException {
        String giant = "y".repeat(300_000);
        List<String> out = lines(utf8(giant + "\nnext"), 1000);
        assertThat(out.get(0)).startsWith("1 oversize yyy").hasSize("1 oversize ".length() + 1000);
        assertThat(out.get(1)).isEqualTo("2 next");
    }
}
