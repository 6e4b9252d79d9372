package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirsTest {

    @TempDir Path dir;

    @Test
    void removesANestedTree() throws Exception {
        Path root = tree(dir.resolve("work"), 5, 20);
        WorkDirs.deleteQuietly(root);
        assertThat(root).doesNotExist();
    }

    @Test
    void missingRootIsFine() {
        WorkDirs.deleteQuietly(dir.resolve("never-created"));
        assertThat(dir).exists();
    }

    @Test
    void toleratesEntriesVanishingWhileItWalks() throws Exception {
        // What a MiniCluster shutting down does to its own working directory.
        for (int round = 0; round < 20; round++) {
            Path root = tree(dir.resolve("race-" + round), 8, 40);
            CountDownLatch go = new CountDownLatch(1);
            Thread rival =
                    new Thread(
                            () -> {
                                try {
                                    go.await();
                                    for (int i = 7; i >= 0; i--) {
                                        Path sub = root.resolve("d" + i);
                                        try (var files = Files.list(sub)) {
                                            files.forEach(p -> p.toFile().delete());
                                        } catch (Exception ignored) {
                                            // the walker may have taken it first
                                        }
                                        sub.toFile().delete();
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            });
            rival.start();
            go.countDown();
            WorkDirs.deleteQuietly(root);
            rival.join();
            assertThat(root).doesNotExist();
        }
    }

    private static Path tree(Path root, int dirs, int filesPerDir) throws Exception {
        for (int d = 0; d < dirs; d++) {
            Path sub = Files.createDirectories(root.resolve("d" + d));
            for (int f = 0; f < filesPerDir; f++) {
                Files.writeString(sub.resolve("f" + f), "x");
            }
        }
        return root;
    }
}
