package io.debitwatch.providers.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory laid out and updated as the kubelet lays out and updates a Kubernetes Secret volume:
 * each generation of the files in a hidden {@code ..<generation>} directory, a {@code ..data}
 * symlink to the current one, swapped atomically by renaming a new link over it, and one symlink
 * per key ({@code name -> ..data/name}).
 */
public final class SecretVolume {

    private final Path dir;
    private final AtomicInteger generation = new AtomicInteger();

    public SecretVolume(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Publishes {@code files} (name to content) as the volume's new content, at once. */
    public void publish(Map<String, String> files) {
        try {
            Files.createDirectories(dir);
            Path gen =
                    dir.resolve(
                            "..2026_12_02_10_00_"
                                    + String.format("%02d", generation.incrementAndGet()));
            Files.createDirectory(gen);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(gen.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            Path tmp = dir.resolve("..data_tmp");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, gen.getFileName());
            Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            for (String name : files.keySet()) {
                Path link = dir.resolve(name);
                if (!Files.isSymbolicLink(link)) {
                    Files.createSymbolicLink(link, Path.of("..data", name));
                }
            }
            try (var old = Files.list(dir)) {
                for (Path p : (Iterable<Path>) old::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.startsWith(".") && !files.containsKey(name)) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
