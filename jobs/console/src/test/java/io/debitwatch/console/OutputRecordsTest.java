package io.debitwatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.Notification;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputRecordsTest {

    @Test
    void readsWhatTheJobWrites() {
        Alert alert = TestRecords.unmatchedDebit(7);
        assertThat(OutputRecords.alert(bytes(Json.write(alert)))).isEqualTo(new Parsed.Ok<>(alert));
        assertThat(OutputRecords.refundRequest(bytes(Json.write(TestRecords.refund(7)))))
                .isInstanceOf(Parsed.Ok.class);
        assertThat(
                        OutputRecords.notification(
                                bytes(
                                        Json.write(
                                                TestRecords.notification(
                                                        7, Notification.Channel.OPS)))))
                .isInstanceOf(Parsed.Ok.class);
    }

    @Test
    void refusesWhatIsNotJsonOrMissesARequiredFieldWithAReason() {
        assertThat(reason(OutputRecords.alert(bytes("not json")))).startsWith("not a valid Alert");
        assertThat(reason(OutputRecords.alert(null))).isEqualTo("empty record (no value)");
        String noDecidedAt =
                Json.write(TestRecords.unmatchedDebit(1)).replace("\"decided_at\"", "\"x\"");
        assertThat(reason(OutputRecords.alert(bytes(noDecidedAt))))
                .isEqualTo("missing required field decided_at");
        assertThat(reason(OutputRecords.alert(bytes("{\"alert_id\":\"a\",\"type\":\"NEW_TYPE\"}"))))
                .startsWith("not a valid Alert");
        String noEnglish =
                Json.write(TestRecords.notification(1, Notification.Channel.OPS))
                        .replace("\"en\"", "\"fr\"");
        assertThat(reason(OutputRecords.notification(bytes(noEnglish))))
                .isEqualTo("missing required field text.zh and text.en");
    }

    @Test
    void refusesWhatWouldFailItsWholeBatchInPostgresqlAtEveryRetry() {
        String farFuture =
                Json.write(TestRecords.unmatchedDebit(1))
                        .replaceFirst(
                                "\"decided_at\":\"[^\"]+\"",
                                "\"decided_at\":\"+300000-01-01T00:00:00Z\"");
        assertThat(reason(OutputRecords.alert(bytes(farFuture))))
                .startsWith("decided_at outside 2000-2099");
        String nullEvidence =
                Json.write(TestRecords.unmatchedDebit(1))
                        .replaceFirst("\"evidence\":\\[", "\"evidence\":[null,");
        assertThat(reason(OutputRecords.alert(bytes(nullEvidence))))
                .isEqualTo("evidence holds a null entry");
    }

    @Test
    void refusesANulCharacterThatPostgresqlCannotStore() {
        String json = Json.write(TestRecords.refund(1)).replace("customer", "cust\\u0000omer");
        assertThat(reason(OutputRecords.refundRequest(bytes(json))))
                .startsWith("contains a NUL character");
    }

    private static String reason(Parsed<?> parsed) {
        assertThat(parsed).isInstanceOf(Parsed.Bad.class);
        return ((Parsed.Bad<?>) parsed).reason();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
