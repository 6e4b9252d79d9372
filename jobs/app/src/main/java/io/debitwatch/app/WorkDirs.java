package io.debitwatch.app;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Scratch directories of local runs (Flink io.tmp.dirs, checkpoints of throwaway runs). */
final class WorkDirs {

    private WorkDirs() {}

    /**
     * Best-effort removal of a scratch tree. A local MiniCluster removes its own working
     * directories asynchronously while it shuts down, so entries may vanish under the walk; those
     * are skipped. Cleanup never turns a successful command into a failed one: whatever cannot be
     * removed is left for the OS's temp cleaner.
     */
    static void deleteQuietly(Path root) {
        for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
            try {
                Files.walkFileTree(root, new Remover());
            } catch (IOException | RuntimeException e) {
                // retried below; a tree still being torn down by Flink settles quickly
            }
            if (Files.exists(root)) {
                try {
                    Thread.sleep(100L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static final class Remover extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
                throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
        }
    }
}
