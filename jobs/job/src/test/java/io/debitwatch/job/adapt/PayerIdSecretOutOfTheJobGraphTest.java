package io.debitwatch.job.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.StreamingJob;
import io.debitwatch.job.kafka.KafkaJobIO;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.statement.StatementResult;
import io.debitwatch.providers.statement.WeChatTradeBill;
import io.debitwatch.providers.testing.SignedNotifications;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payer-id secret travels as a reference only, like the provider keys: the serialised job graph
 * holds the secret file's path, or the environment variable's name, and no byte of the secret; the
 * adapters and statement parsers read it where they run and hash payer ids as before. A secret that
 * cannot be read there is a dead letter naming the file, never clear payer ids.
 */
class PayerIdSecretOutOfTheJobGraphTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");
    private static final String OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
    private static final String BILL =
            "/io/debitwatch/providers/statement/wechat-tradebill-all-sample.csv";

    @TempDir Path tmp;

    /** A secret of this run only, so that no other byte of the graph can match it by chance. */
    private final String secret = "payer-secret-" + UUID.randomUUID();

    private final SignedNotifications signed = new SignedNotifications();

    @Test
    void fileModeTheJobGraphCarriesTheSecretFilesPathButNoByteOfTheSecret() throws Exception {
        Path secretFile = Files.writeString(tmp.resolve("payer-id-secret"), secret + "\n");
        byte[] graph =
                serializedJobGraph(Map.of(), "--payer-id-secret-file", secretFile.toString());
        assertThat(contains(graph, utf8(secretFile.toString()))).isTrue();
        assertThat(contains(graph, utf8(secret))).as("payer-id secret").isFalse();
    }

    @Test
    void envModeTheJobGraphCarriesTheVariablesNameButNotItsValue() throws Exception {
        byte[] graph = serializedJobGraph(Map.of(ProviderKeys.PAYER_ID_SECRET_ENV, secret));
        assertThat(contains(graph, utf8(ProviderKeys.PAYER_ID_SECRET_ENV))).isTrue();
        assertThat(contains(graph, utf8(secret))).as("payer-id secret").isFalse();
    }

    @Test
    void theSearchFindsTheSecretInAnAdapterThatHoldsIt() throws Exception {
        // As the job's adapters used to be: the hashing, secret included, inside the adapter.
        SignedNotifications.KeyFiles files = signed.writeKeyFiles(tmp.resolve("keys"));
        PayerIds holding = ProviderKeys.payerIds(null, secret);
        RecordAdapter adapter =
                ProviderKeys.wechat(
                                files.apiV3Key(), List.of(files.wechatPlatformKeySpec()), holding)
                        ::adapt;
        assertThat(contains(InstantiationUtil.serializeObject(adapter), utf8(secret))).isTrue();
    }

    @Test
    void theAdapterReadsTheSecretWhereItRunsAndHashesAsBefore() throws Exception {
        SignedNotifications.KeyFiles files = signed.writeKeyFiles(tmp.resolve("keys"));
        Path secretFile = Files.writeString(tmp.resolve("payer-id-secret"), secret);
        KeySource source =
                new KeySource.WeChatFiles(
                        files.apiV3Key().toString(), List.of(files.wechatPlatformKeySpec()));
        // As Flink ships it to a task manager: serialised, then read back.
        RecordAdapter lazy =
                InstantiationUtil.clone(
                        ProviderKeys.wechatAdapter(
                                source, new PayerIdSecret.File(secretFile.toString())),
                        getClass().getClassLoader());
        String record = payment("1");

        Adapted adapted = lazy.adapt(record);
        Adapted expected = signed.wechatAdapter(PayerIds.hmac(utf8(secret))).adapt(record);
        assertThat(adapted).isEqualTo(expected).isInstanceOf(Adapted.Events.class);
        ProviderEvent event = ((Adapted.Events) adapted).events().get(0);
        assertThat(event.payerRef()).startsWith("h1:").doesNotContain(OPENID);
        assertThat(contains(InstantiationUtil.serializeObject(lazy), utf8(secret))).isFalse();
    }

    @Test
    void aSecretFileMissingWhereTheAdapterRunsIsADeadLetterNamingIt() throws Exception {
        SignedNotifications.KeyFiles files = signed.writeKeyFiles(tmp.resolve("keys"));
        Path missing = tmp.resolve("not-mounted").resolve("payer-id-secret");
        RecordAdapter adapter =
                ProviderKeys.wechatAdapter(
                        new KeySource.WeChatFiles(
                                files.apiV3Key().toString(),
                                List.of(files.wechatPlatformKeySpec())),
                        new PayerIdSecret.File(missing.toString()));

        Adapted adapted = adapter.adapt(payment("2"));
        assertThat(adapted).isInstanceOf(Adapted.Rejected.class);
        assertThat(((Adapted.Rejected) adapted).reason())
                .startsWith("keys unavailable: ")
                .contains(missing.toString())
                .contains("payer-id secret file not found")
                .doesNotContain(OPENID);
    }

    @Test
    void theEnvironmentVariableIsReadWhereTheSecretIsUsed() {
        PayerIdSecret env = new PayerIdSecret.Env(ProviderKeys.PAYER_ID_SECRET_ENV);
        assertThat(
                        ProviderKeys.payerIdsIn(
                                env, Map.of(ProviderKeys.PAYER_ID_SECRET_ENV, secret)::get))
                .isEqualTo(PayerIds.hmac(utf8(secret)));
        assertThatThrownBy(() -> ProviderKeys.payerIdsIn(env, name -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ProviderKeys.PAYER_ID_SECRET_ENV)
                .hasMessageContaining("not set");
        assertThat(ProviderKeys.payerIdsIn(PayerIdSecret.none(), name -> secret).enabled())
                .isFalse();
    }

    @Test
    void theOptionsChooseTheFileThenTheVariableThenNone() {
        assertThat(PayerIdSecret.of(" /run/secret ", secret))
                .isEqualTo(new PayerIdSecret.File("/run/secret"));
        assertThat(PayerIdSecret.of(null, secret))
                .isEqualTo(new PayerIdSecret.Env(ProviderKeys.PAYER_ID_SECRET_ENV));
        assertThat(PayerIdSecret.of(null, "")).isEqualTo(PayerIdSecret.none());
        assertThat(PayerIdSecret.of(null, secret).toString()).doesNotContain(secret);
    }

    @Test
    void aStatementParserReadsTheSecretWhenItParsesAndHashesAsBefore() throws Exception {
        Path secretFile = Files.writeString(tmp.resolve("payer-id-secret"), secret);
        byte[] bill;
        try (InputStream in = getClass().getResourceAsStream(BILL)) {
            bill = in.readAllBytes();
        }
        StatementParser parser =
                InstantiationUtil.clone(
                        StatementParser.wechatBill(new PayerIdSecret.File(secretFile.toString())),
                        getClass().getClassLoader());
        assertThat(contains(InstantiationUtil.serializeObject(parser), utf8(secret))).isFalse();

        StatementResult parsed = parser.parse(new ByteArrayInputStream(bill), "bill.csv");
        StatementResult expected =
                WeChatTradeBill.parse(
                        new ByteArrayInputStream(bill), "bill.csv", PayerIds.hmac(utf8(secret)));
        assertThat(parsed).isEqualTo(expected);
        assertThat(parsed.events())
                .isNotEmpty()
                .anySatisfy(e -> assertThat(e.payerRef()).startsWith("h1:"));
    }

    @Test
    void aStatementWhoseSecretCannotBeReadIsOneDeadLetterWithoutRows() throws Exception {
        Path missing = tmp.resolve("payer-id-secret");
        StatementParser parser =
                StatementParser.alipayStatement(new PayerIdSecret.File(missing.toString()), null);
        StatementResult result = parser.parse(new ByteArrayInputStream(new byte[0]), "alipay.csv");
        assertThat(result.rows()).isEmpty();
        assertThat(result.deadLetters())
                .singleElement()
                .satisfies(
                        d ->
                                assertThat(d.reason())
                                        .startsWith("keys unavailable: ")
                                        .contains("payer-id secret file not found"));
    }

    private String payment(String n) {
        return signed.wechat(
                        "n" + n,
                        "TRANSACTION.SUCCESS",
                        SignedNotifications.wechatTransaction(
                                "1900000001", "T" + n, "42000000" + n, AT, 1230, OPENID))
                .receivedAt(AT.plusSeconds(3))
                .record();
    }

    /** The job graph of a job reading raw WeChat Pay notifications, built under {@code env}. */
    private byte[] serializedJobGraph(Map<String, String> env, String... secretOptions)
            throws Exception {
        SignedNotifications.KeyFiles files = signed.writeKeyFiles(tmp.resolve("keys"));
        String[] base = {
            "--bootstrap-servers", "127.0.0.1:9092",
            "--transactional-id-prefix", "dw-test",
            "--wechat-notifications-topic", "wechat-notifications",
            "--wechat-apiv3-key-file", files.apiV3Key().toString(),
            "--wechat-platform-public-key-files", files.wechatPlatformKeySpec()
        };
        String[] args = new String[base.length + secretOptions.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(secretOptions, 0, args, base.length, secretOptions.length);
        Configuration conf = DebitwatchOptions.withRunDefaults(DebitwatchOptions.fromArgs(args));
        StreamExecutionEnvironment see = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamingJob.build(see, conf, c -> KafkaJobIO.from(c, env::get));
        return InstantiationUtil.serializeObject(see.getStreamGraph().getJobGraph());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] haystack, byte[] n) {
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
