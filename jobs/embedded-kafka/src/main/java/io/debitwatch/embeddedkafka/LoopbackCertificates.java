package io.debitwatch.embeddedkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a broker certificate for {@code 127.0.0.1} (subject
 * alternative name {@code IP:127.0.0.1}, so clients keep hostname verification on), made with the
 * running JDK's {@code keytool}: no extra library and nothing checked in. For tests and local
 * trials only: the CA's key lies next to the stores, and everything is valid for two days.
 */
public final class LoopbackCertificates {

    private static final String VALIDITY_DAYS = "2";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private LoopbackCertificates() {}

    /**
     * Writes {@code ca.p12}, {@code broker.p12} (key store: the broker's key and chain) and {@code
     * truststore.p12} (the CA certificate) into {@code dir}, all PKCS12 under {@code password}.
     */
    public static TlsStores generate(Path dir, String password) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        Path broker = dir.resolve("broker.p12");
        Path csr = dir.resolve("broker.csr");
        Path brokerPem = dir.resolve("broker.pem");
        Path truststore = dir.resolve("truststore.p12");
        String pw = password;

        keytool(
                dir,
                ca,
                pw,
                "-genkeypair",
                "ca",
                "-dname",
                "CN=debitwatch test CA",
                "-ext",
                "bc:c");
        keytool(dir, ca, pw, "-exportcert", "ca", "-rfc", "-file", caPem.toString());
        keytool(dir, truststore, pw, "-importcert", "ca", "-file", caPem.toString());
        keytool(dir, broker, pw, "-genkeypair", "broker", "-dname", "CN=" + EmbeddedKafka.HOST);
        keytool(dir, broker, pw, "-certreq", "broker", "-file", csr.toString());
        keytool(
                dir,
                ca,
                pw,
                "-gencert",
                "ca",
                "-rfc",
                "-infile",
                csr.toString(),
                "-outfile",
                brokerPem.toString(),
                "-ext",
                "SAN=IP:" + EmbeddedKafka.HOST,
                "-ext",
                "KU=digitalSignature",
                "-ext",
                "EKU=serverAuth");
        // The CA first, so that keytool can build the chain when the signed reply comes in.
        keytool(dir, broker, pw, "-importcert", "ca", "-file", caPem.toString());
        keytool(dir, broker, pw, "-importcert", "broker", "-file", brokerPem.toString());
        return new TlsStores(broker, pw, truststore, pw);
    }

    /** Runs {@code keytool COMMAND -alias ALIAS ARGS} on {@code store} (PKCS12, {@code pw}). */
    private static void keytool(
            Path dir, Path store, String pw, String command, String alias, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // A short-lived JVM each: skip the optimising compiler, it only costs start-up time.
        cmd.add("-J-XX:TieredStopAtLevel=1");
        cmd.add("-J-XX:+UseSerialGC");
        cmd.addAll(List.of(command, "-alias", alias, "-keystore", store.toString()));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", pw));
        cmd.addAll(List.of(args));
        switch (command) {
            case "-genkeypair" ->
                    cmd.addAll(
                            List.of(
                                    "-keypass",
                                    pw,
                                    "-keyalg",
                                    "EC",
                                    "-groupname",
                                    "secp256r1",
                                    "-validity",
                                    VALIDITY_DAYS));
            case "-gencert" -> cmd.addAll(List.of("-validity", VALIDITY_DAYS));
            case "-importcert" -> cmd.add("-noprompt");
            default -> {
                // no further arguments
            }
        }
        Path log = dir.resolve("keytool.log");
        try {
            Process process =
                    new ProcessBuilder(cmd)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + command + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "keytool "
                                + command
                                + " failed (exit "
                                + process.exitValue()
                                + "): "
                                + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
