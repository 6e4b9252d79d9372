package io.debitwatch.providers.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiV3KeyTest {

    private static final String KEY = "0123456789abcdefABCDEF0123456789";

    @TempDir Path dir;

    @Test
    void readsThirtyTwoCharactersAndOneTrailingNewline() throws Exception {
        for (String content : new String[] {KEY, KEY + "\n", KEY + "\r\n"}) {
            Path f = Files.writeString(dir.resolve("k" + content.length()), content);
            ApiV3Key k = ApiV3Key.fromFile(f);
            assertThat(k).isEqualTo(ApiV3Key.of(KEY));
            assertThat(k.aesKey().getEncoded()).isEqualTo(KEY.getBytes(StandardCharsets.US_ASCII));
            assertThat(k.aesKey().getAlgorithm()).isEqualTo("AES");
        }
    }

    @Test
    void otherLengthsRefusedWithoutShowingTheKey() throws Exception {
        String[][] cases = {
            {KEY.substring(1), "got 31"},
            {KEY + "X", "got 33"},
            {KEY + "\n\n", "control"},
            {KEY + " ", "space or control"},
            {KEY.substring(2) + "密", "not ASCII"},
            {"\uFEFF" + KEY, "byte-order mark"},
            {"", "got 0"},
        };
        for (String[] c : cases) {
            Path f = Files.write(dir.resolve("key"), c[0].getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> ApiV3Key.fromFile(f))
                    .as(c[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(c[1])
                    .hasMessageContaining(f.toString())
                    .satisfies(
                            e -> assertThat(e.getMessage()).doesNotContain(KEY.substring(2, 30)));
        }
        assertThatThrownBy(() -> ApiV3Key.fromFile(dir.resolve("missing")))
                .hasMessageContaining("not found");
    }

    @Test
    void neverPrinted() {
        assertThat(ApiV3Key.of(KEY).toString()).doesNotContain("0123").contains("hidden");
    }
}
