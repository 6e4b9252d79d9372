package io.debitwatch.providers.keys;

import io.debitwatch.providers.keys.KeyFileName.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The providers' keys of many accounts, read from a directory of one file per key ({@link
 * KeyFileName}) and read again when it changes, so that adding a merchant or rotating a key needs
 * no restart.
 *
 * <p>A Kubernetes Secret volume lays out exactly such a directory and updates it by swapping its
 * hidden {@code ..data} symlink at once, which inotify may not report through the per-key symlinks;
 * so the directory is polled: at most every poll interval, {@link #current} compares a fingerprint
 * of the directory (each name with the size, modification time and file identity of what it points
 * to, and the {@code ..data} target) with the last one and reads the changed files again. Names
 * starting with a dot are skipped.
 *
 * <p>A file that cannot be read or parsed keeps its previous good key (the problem is logged, never
 * the key); a file that is removed takes its key away. Thread-safe.
 */
public final class KeyDirectory {

    /** Where problems and reloads are reported; lines never contain key material. */
    public interface Log {
        void info(String line);

        void warn(String line);
    }

    /** Kubernetes' symlink to the current generation of a Secret volume. */
    private static final String K8S_DATA = "..data";

    private static final int MAX_FILE_BYTES = 64 * 1024;
    private static final Pattern SELLER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path dir;
    private final long pollNanos;
    private final Log log;
    private final LongSupplier nanoTime;

    private volatile ProviderKeySet current = ProviderKeySet.EMPTY;
    private volatile long nextPoll;
    private String fingerprint;
    private Map<String, Loaded> loaded = Map.of();

    private KeyDirectory(Path dir, Duration poll, Log log, LongSupplier nanoTime) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.pollNanos = Math.max(0, poll.toNanos());
        this.log = Objects.requireNonNull(log, "log");
        this.nanoTime = nanoTime;
    }

    /** The directory, read once now, then again when {@link #current} finds it changed. */
    public static KeyDirectory open(Path dir, Duration poll, Log log) {
        return open(dir, poll, log, System::nanoTime);
    }

    /** {@link #open(Path, Duration, Log)} with its own clock (for tests). */
    static KeyDirectory open(Path dir, Duration poll, Log log, LongSupplier nanoTime) {
        KeyDirectory d = new KeyDirectory(dir, poll, log, nanoTime);
        d.refresh();
        return d;
    }

    /** The keys as last read, read again first when the poll interval has passed. */
    public ProviderKeySet current() {
        if (nanoTime.getAsLong() - nextPoll >= 0) {
            pollIfDue();
        }
        return current;
    }

    /** Concurrent callers that all found the poll due list the directory once. */
    private synchronized void pollIfDue() {
        if (nanoTime.getAsLong() - nextPoll >= 0) {
            refresh();
        }
    }

    /**
     * Reads the directory again if its fingerprint changed; returns whether it did. Concurrent
     * callers wait for one reading.
     */
    public synchronized boolean refresh() {
        nextPoll = nanoTime.getAsLong() + pollNanos;
        String now;
        try {
            now = fingerprint(dir);
        } catch (IOException e) {
            log.warn(
                    "keys: cannot list "
                            + dir
                            + " ("
                            + e.getClass().getSimpleName()
                            + "); keeping the keys read before");
            return false;
        }
        if (now.equals(fingerprint)) {
            return false;
        }
        fingerprint = now;
        reload();
        return true;
    }

    /** Every name with what it points to, sorted; the ..data target for Kubernetes volumes. */
    static String fingerprint(Path dir) throws IOException {
        TreeMap<String, String> entries = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.equals(K8S_DATA) && Files.isSymbolicLink(file)) {
                    entries.put(name, Files.readSymbolicLink(file).toString());
                } else if (!name.startsWith(".")) {
                    entries.put(name, stamp(file));
                }
            }
        }
        return entries.toString();
    }

    /** Size, modification time and identity of what {@code file} points to. */
    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "/" + a.lastModifiedTime().toInstant() + "/" + a.fileKey();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private void reload() {
        Map<String, Loaded> next = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                KeyFileName what = KeyFileName.parse(name);
                if (what == null) {
                    problems.add(name + ": not a key file name, ignored (see docs/formats.md)");
                    continue;
                }
                Loaded before = loaded.get(name);
                String stamp = stamp(file);
                if (before != null && before.stamp.equals(stamp)) {
                    next.put(name, before);
                    continue;
                }
                try {
                    next.put(name, new Loaded(what, stamp, read(file, what)));
                } catch (IllegalArgumentException e) {
                    problems.add(problem(name, what, e.getMessage(), before));
                    if (before != null) {
                        next.put(name, before);
                    } else if (what.kind() == Kind.ALIPAY_SELLERS) {
                        next.put(name, new Loaded(what, "", new BadSellers(name)));
                    }
                }
            }
        } catch (IOException e) {
            log.warn(
                    "keys: cannot list "
                            + dir
                            + " ("
                            + e.getClass().getSimpleName()
                            + "); keeping the keys read before");
            fingerprint = null;
            return;
        }
        loaded = next;
        current = build(next.values());
        problems.forEach(p -> log.warn("keys: " + p));
        log.info(
                "keys: read "
                        + dir
                        + ": "
                        + current
                        + (problems.isEmpty() ? "" : ", " + problems.size() + " problem(s)"));
    }

    private static String problem(String name, KeyFileName what, String message, Loaded before) {
        String cause = message == null ? "unreadable" : message;
        return name
                + ": "
                + cause
                + (before != null
                        ? "; keeping the previous good file"
                        : "; " + what.describe() + " is missing until it is fixed");
    }

    /** The key (or seller list) in {@code file}; an {@link IllegalArgumentException} if bad. */
    private static Object read(Path file, KeyFileName what) {
        return switch (what.kind()) {
            case WECHAT_APIV3_KEY -> ApiV3Key.fromFile(file);
            case WECHAT_PLATFORM -> platformKey(file, what.serial());
            case ALIPAY_PUBLIC_KEY -> Pem.readFile(file).publicKey();
            case ALIPAY_CERT -> certificateKey(file);
            case ALIPAY_SELLERS -> sellers(file);
        };
    }

    private static Object platformKey(Path file, String serial) {
        Pem.Loaded pem = Pem.readFile(file);
        if (pem.fromCertificate()
                && !WeChatPlatformKeys.normalise(pem.serial())
                        .equals(WeChatPlatformKeys.normalise(serial))) {
            throw new IllegalArgumentException(
                    "certificate serial "
                            + pem.serial()
                            + " differs from the serial in the file name");
        }
        return pem.publicKey();
    }

    private static Object certificateKey(Path file) {
        Pem.Loaded pem = Pem.readFile(file);
        if (!pem.fromCertificate()) {
            throw new IllegalArgumentException(
                    "an .alipay-cert.pem file must hold Alipay's public-key certificate");
        }
        return pem.publicKey();
    }

    private static Set<String> sellers(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("too large for a list of seller ids");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read (" + e.getClass().getSimpleName() + ")");
        }
        Set<String> ids = new TreeSet<>();
        int line = 0;
        for (String raw : text.split("\n", -1)) {
            line++;
            String id = raw.strip();
            if (id.isEmpty() || id.startsWith("#")) {
                continue;
            }
            if (!SELLER_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("line " + line + " is not a seller id");
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("lists no seller id");
        }
        return ids;
    }

    private static ProviderKeySet build(Iterable<Loaded> files) {
        ProviderKeySet.Builder b = new ProviderKeySet.Builder();
        Map<String, Set<String>> sellers = new HashMap<>();
        for (Loaded f : files) {
            String account = f.name.account();
            switch (f.name.kind()) {
                case WECHAT_APIV3_KEY -> b.apiV3Key(account, (ApiV3Key) f.value);
                case WECHAT_PLATFORM ->
                        b.platformKey(account, f.name.serial(), (java.security.PublicKey) f.value);
                case ALIPAY_PUBLIC_KEY, ALIPAY_CERT ->
                        b.alipayKey(account, (java.security.PublicKey) f.value);
                case ALIPAY_SELLERS -> {
                    if (f.value instanceof BadSellers bad) {
                        b.sellersProblem(account, "its sellers file " + bad.name + " is unusable");
                    } else {
                        @SuppressWarnings("unchecked")
                        Set<String> ids = (Set<String>) f.value;
                        sellers.put(account, ids);
                    }
                }
            }
        }
        sellers.forEach(b::sellers);
        return b.build();
    }

    @Override
    public String toString() {
        return "KeyDirectory[" + dir + ", " + current + "]";
    }

    /** A file as read: its name's meaning, its stamp when read, and its key or seller ids. */
    private record Loaded(KeyFileName name, String stamp, Object value) {}

    /** A sellers file that never read well: its app accepts no seller until it is fixed. */
    private record BadSellers(String name) {}
}
