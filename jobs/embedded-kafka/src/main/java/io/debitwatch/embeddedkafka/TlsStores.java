package io.debitwatch.embeddedkafka;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PKCS12 key store holding the broker's private key and certificate chain, and a PKCS12 trust
 * store holding the certificate authority that clients trust. {@link LoopbackCertificates} makes a
 * pair for tests; {@link EmbeddedKafkaBuilder#saslSsl} serves them.
 */
public record TlsStores(
        Path keystore, String keystorePassword, Path truststore, String truststorePassword) {

    public TlsStores {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(keystorePassword, "keystorePassword");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(truststorePassword, "truststorePassword");
    }

    /** Passwords stay out of logs and assertion messages. */
    @Override
    public String toString() {
        return "TlsStores[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
}
