package io.debitwatch.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.TerminalEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link EventParser#eventTimeMillis} must read event_time exactly as the parser does: a replay
 * sets its watermark bound from it, and a bound that is too small breaks exactness.
 */
class EventTimeScanTest {

    private static final String REST =
            "\"provider\":\"WECHAT\",\"merchant_id\":\"1900000109\",\"terminal_id\":\"POS-1\","
                    + "\"out_trade_no\":\"o1\",\"type\":\"PAY_REQUEST\",\"amount_minor\":100,"
                    + "\"currency\":\"CNY\"";

    private static final long REAL = Instant.parse("2026-11-25T00:00:10Z").toEpochMilli();

    private static void agreesWithTheParser(String line) {
        long scanned = EventParser.eventTimeMillis(line);
        Parsed<TerminalEvent> parsed = EventParser.parseTerminal(line);
        if (parsed instanceof Parsed.Ok<TerminalEvent> ok) {
            assertThat(scanned).isEqualTo(ok.value().eventTime().toEpochMilli());
        } else {
            // A dead letter carries no time, or a time that is never used.
            assertThat(scanned).isIn(Long.MIN_VALUE, REAL);
        }
    }

    @Test
    void readsTheTopLevelFieldPastDecoys() {
        String decoyValue =
                "{\"memo\":\"event_time\",\"event_id\":\"e1\",\"event_time\":\"2026-11-25T08:00:10+08:00\","
                        + REST
                        + "}";
        assertThat(EventParser.eventTimeMillis(decoyValue)).isEqualTo(REAL);
        agreesWithTheParser(decoyValue);

        String nested =
                "{\"meta\":{\"event_time\":\"2026-11-25T10:00:00Z\"},\"event_id\":\"e1\","
                        + "\"event_time\":\"2026-11-25T00:00:10Z\","
                        + REST
                        + "}";
        assertThat(EventParser.eventTimeMillis(nested)).isEqualTo(REAL);
        agreesWithTheParser(nested);
    }

    @Test
    void decodesEscapesLikeTheParser() {
        String escapedKey =
                "{\"event_id\":\"e1\",\"event\\u005ftime\":\"2026-11-25T00:00:10Z\"," + REST + "}";
        assertThat(EventParser.eventTimeMillis(escapedKey)).isEqualTo(REAL);
        agreesWithTheParser(escapedKey);

        String escapedValue =
                "{\"event_id\":\"e1\",\"event_time\":\"2026-11-25T08:00:10\\u002B08:00\","
                        + REST
                        + "}";
        assertThat(EventParser.eventTimeMillis(escapedValue)).isEqualTo(REAL);
        agreesWithTheParser(escapedValue);
    }

    @Test
    void duplicateKeysMakeADeadLetter() {
        String duplicate =
                "{\"event_id\":\"e1\",\"event_time\":\"2026-11-25T02:00:00Z\","
                        + "\"event_time\":\"2026-11-25T00:00:10Z\","
                        + REST
                        + "}";
        assertThat(EventParser.parseTerminal(duplicate))
                .isInstanceOfSatisfying(
                        Parsed.Bad.class,
                        b -> assertThat(b.reason()).contains("Duplicate field 'event_time'"));
    }

    @Test
    void timesOutsideTheCenturyAreDeadLettersNotOverflows() {
        for (String time : new String[] {"+999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"}) {
            String line = "{\"event_id\":\"e1\",\"event_time\":\"" + time + "\"," + REST + "}";
            assertThat(EventParser.parseTerminal(line))
                    .isInstanceOfSatisfying(
                            Parsed.Bad.class,
                            b -> assertThat(b.reason()).contains("event_time out of range"));
            assertThat(EventParser.eventTimeMillis(line)).isEqualTo(Long.MIN_VALUE);
        }
    }

    @Test
    void noUsableTimeIsMinValue() {
        assertThat(EventParser.eventTimeMillis("not json")).isEqualTo(Long.MIN_VALUE);
        assertThat(EventParser.eventTimeMillis("[1,2]")).isEqualTo(Long.MIN_VALUE);
        assertThat(EventParser.eventTimeMillis("{\"event_time\":12}")).isEqualTo(Long.MIN_VALUE);
        assertThat(EventParser.eventTimeMillis("{\"x\":1}")).isEqualTo(Long.MIN_VALUE);
    }
}
