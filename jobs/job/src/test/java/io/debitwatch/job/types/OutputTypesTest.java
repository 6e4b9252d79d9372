package io.debitwatch.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Evidence;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.RefundRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.junit.jupiter.api.Test;

/**
 * The outputs cross a task boundary on their way to the exactly-once sinks (which run unchained),
 * so the serializers Flink picks for them must carry every field, immutable lists included.
 */
class OutputTypesTest {

    private static <T> T roundTrip(Class<T> type, T value) throws IOException {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false); // as the job runs: no silent fallback to Kryo
        return SerializersTest.roundTrip(TypeInformation.of(type).createSerializer(config), value);
    }

    @Test
    void alertsWithImmutableEvidenceSurviveTheRoundTrip() throws IOException {
        Instant t0 = Instant.parse("2026-11-25T08:00:00Z");
        Alert alert =
                new Alert(
                        "UNMATCHED_DEBIT-abc",
                        AlertType.UNMATCHED_DEBIT,
                        Action.REFUND,
                        Provider.WECHAT,
                        "1900000109",
                        "T20261125001",
                        3850L,
                        "CNY",
                        "FAILED",
                        t0.plusSeconds(60),
                        t0.plusSeconds(61),
                        null,
                        null,
                        null,
                        List.copyOf(
                                List.of(
                                        new Evidence(
                                                "te-1",
                                                Evidence.Stream.TERMINAL,
                                                "PAY_RESULT",
                                                "FAILED",
                                                t0,
                                                null,
                                                null,
                                                null,
                                                null,
                                                null),
                                        new Evidence(
                                                "pe-1",
                                                Evidence.Stream.PROVIDER,
                                                "NOTIFY",
                                                "DEBITED",
                                                t0.plusSeconds(2),
                                                3850L,
                                                "CNY",
                                                "4200002601",
                                                null,
                                                null))));
        assertThat(roundTrip(Alert.class, alert)).isEqualTo(alert);
        Alert noEvidence =
                new Alert(
                        "STUCK_PAYMENT-x",
                        AlertType.STUCK_PAYMENT,
                        Action.QUERY,
                        Provider.ALIPAY,
                        "2088",
                        "T2",
                        null,
                        null,
                        "PENDING",
                        t0,
                        t0,
                        null,
                        null,
                        null,
                        List.of());
        assertThat(roundTrip(Alert.class, noEvidence)).isEqualTo(noEvidence);
    }

    @Test
    void refundRequestsSurviveTheRoundTrip() throws IOException {
        RefundRequest r =
                new RefundRequest(
                        "wx-1900000109-T1-4200",
                        "UD-1",
                        Provider.WECHAT,
                        "1900000109",
                        "T1",
                        "4200",
                        3850,
                        "CNY",
                        "UNMATCHED_DEBIT");
        assertThat(roundTrip(RefundRequest.class, r)).isEqualTo(r);
    }
}
