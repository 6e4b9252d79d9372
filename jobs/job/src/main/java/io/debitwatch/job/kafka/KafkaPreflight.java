package io.debitwatch.job.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * One Admin call to the cluster, with the job's address and pass-through client settings, before a
 * job is submitted: a wrong password, an untrusted certificate or an unreachable broker then fails
 * the command at once with one line, instead of a job that restarts forever with the reason buried
 * in its log.
 */
public final class KafkaPreflight {

    /** How long the cluster has to answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** Why Kafka could not be reached or refused the login; the message says which. */
    public static final class KafkaPreflightException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KafkaPreflightException(String message, Throwable cause) {
            // The cause is kept as suppressed, not as cause: a command line that prints the root
            // cause then prints this message, which names the address and what to check.
            super(message);
            if (cause != null) {
                addSuppressed(cause);
            }
        }
    }

    private KafkaPreflight() {}

    /**
     * Asks the cluster at {@code bootstrapServers} for its id, logged in with {@code client}.
     *
     * @return the cluster id
     * @throws KafkaPreflightException when the login fails (naming SASL or TLS), the cluster does
     *     not answer within {@code timeout}, or the client settings are invalid
     */
    public static String check(
            String bootstrapServers, KafkaClientProperties client, Duration timeout) {
        Map<String, Object> config = new LinkedHashMap<>();
        client.applyTo(config);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "debitwatch-preflight");
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        Admin admin;
        try {
            admin = Admin.create(config);
        } catch (KafkaException e) {
            throw new KafkaPreflightException(
                    "invalid Kafka client settings " + client + ": " + rootMessage(e), e);
        }
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                    .clusterId()
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(bootstrapServers, client, timeout, e.getCause());
        } catch (TimeoutException e) {
            throw failure(bootstrapServers, client, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaPreflightException("interrupted while connecting to Kafka", e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static KafkaPreflightException failure(
            String bootstrapServers,
            KafkaClientProperties client,
            Duration timeout,
            Throwable cause) {
        String at = "Kafka at " + bootstrapServers;
        if (cause instanceof SaslAuthenticationException) {
            return new KafkaPreflightException(
                    "SASL authentication to "
                            + at
                            + " failed: "
                            + cause.getMessage()
                            + " (check the user and password of --kafka.sasl.jaas.config)",
                    cause);
        }
        if (cause instanceof SslAuthenticationException) {
            return new KafkaPreflightException(
                    "TLS handshake with "
                            + at
                            + " failed: "
                            + rootMessage(cause)
                            + " (check --kafka.ssl.truststore.location and the broker's"
                            + " certificate)",
                    cause);
        }
        if (cause instanceof AuthenticationException) {
            return new KafkaPreflightException(
                    "authentication to " + at + " failed: " + cause.getMessage(), cause);
        }
        if (cause instanceof TimeoutException
                || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new KafkaPreflightException(
                    "no answer from "
                            + at
                            + " within "
                            + timeout.toSeconds()
                            + " s: is it reachable, and does security.protocol ("
                            + client.asMap().getOrDefault("security.protocol", "PLAINTEXT")
                            + ") match its listener?",
                    cause);
        }
        return new KafkaPreflightException(
                "cannot reach "
                        + at
                        + ": "
                        + cause.getClass().getSimpleName()
                        + ": "
                        + rootMessage(cause),
                cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e
                ? String.valueOf(e.getMessage())
                : e.getMessage() + ": " + root.getMessage();
    }
}
