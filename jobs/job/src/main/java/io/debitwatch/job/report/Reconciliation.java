package io.debitwatch.job.report;

import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.Evidence;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.job.adapt.AdaptedNdjsonFormat;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.AdaptedStatementFormat;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.job.io.LineReader;
import io.debitwatch.job.replay.Replay;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.statement.StatementResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Builds the reconciliation report of a replay ({@link MerchantDay} per provider, merchant, day and
 * currency) from the replay's inputs, read the way the job's sources read them (the same parsers,
 * adapters and clock-skew bound), and from the alerts it wrote. A debit counts once per order and a
 * refund once per refund number, whichever files and sources repeat them.
 */
public final class Reconciliation {

    /** The providers' statements are of China days. */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final Map<Key, MerchantDayBuilder> days = new TreeMap<>();
    private final Set<String> billMoney = new HashSet<>();
    private final Set<String> seenMoney = new HashSet<>();
    private final ClockSkew clockSkew;
    private final Instant now = Instant.now();

    private Reconciliation(ClockSkew clockSkew) {
        this.clockSkew = clockSkew;
    }

    /**
     * The report of a replay of {@code inputs} whose alerts are in {@code alertsFile} (absent: no
     * alerts), sorted by provider, merchant, day and currency.
     *
     * @throws IOException when an input cannot be read
     */
    public static List<MerchantDay> of(Replay.Inputs inputs, Path alertsFile, ClockSkew clockSkew)
            throws IOException {
        Reconciliation r = new Reconciliation(clockSkew);
        for (Replay.RawInput raw : inputs.raw()) {
            if (raw.statement() != null) {
                r.statement(raw);
            }
        }
        if (inputs.providerEvents() != null) {
            r.providerEvents(inputs.providerEvents());
        }
        for (Replay.RawInput raw : inputs.raw()) {
            if (raw.adapter() != null) {
                r.notifications(raw);
            }
        }
        if (Files.isRegularFile(alertsFile)) {
            r.alerts(alertsFile);
        }
        return r.days.values().stream().map(MerchantDayBuilder::build).toList();
    }

    /** Where a money event or an alert belongs. */
    record Key(Provider provider, String merchantId, LocalDate day, String currency)
            implements Comparable<Key> {

        private static final Comparator<Key> ORDER =
                Comparator.comparing(Key::provider)
                        .thenComparing(Key::merchantId)
                        .thenComparing(Key::day)
                        .thenComparing(Key::currency);

        static Key of(ProviderEvent e) {
            return new Key(
                    e.provider(), e.merchantId(), Reconciliation.day(e.eventTime()), e.currency());
        }

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    static LocalDate day(Instant t) {
        return t.atZone(CHINA).toLocalDate();
    }

    private MerchantDayBuilder at(Key key) {
        return days.computeIfAbsent(key, MerchantDayBuilder::new);
    }

    /** A statement: its rows' money, its dead letters, and its totals where they belong. */
    private void statement(Replay.RawInput raw) throws IOException {
        String name = raw.file().getFileName().toString();
        StatementResult result;
        try (InputStream in = open(raw.file())) {
            result = raw.statement().parse(in, name);
        }
        Set<Key> keys = new LinkedHashSet<>();
        for (AdaptedRecord r : AdaptedStatementFormat.records(result, now, clockSkew)) {
            if (r.event() != null) {
                Key key = Key.of(r.event());
                keys.add(key);
                count(r.event(), billMoney, at(key)::bill);
            }
        }
        long deadLetters = result.deadLetters().size();
        for (Key key : keys) {
            at(key).file(name, deadLetters, keys.size() == 1 ? result.stated() : null);
        }
    }

    /** Normalised provider events, as the job's source parses them. */
    private void providerEvents(Path file) throws IOException {
        try (InputStream in = open(file);
                LineReader lines = new LineReader(in, 4 * EventParser.MAX_RECORD_CHARS)) {
            while (lines.next()) {
                if (!lines.blank()
                        && !lines.oversize()
                        && EventParser.parseProvider(lines.text())
                                instanceof Parsed.Ok<ProviderEvent> ok) {
                    seen(ok.value());
                }
            }
        }
    }

    /** Raw notifications, adapted as the job's source adapts them. */
    private void notifications(Replay.RawInput raw) throws IOException {
        int max = raw.format().maxRecordChars();
        try (InputStream in = open(raw.file());
                LineReader lines = new LineReader(in, AdaptedNdjsonFormat.maxLineBytes(max))) {
            while (lines.next()) {
                if (!lines.blank()
                        && AdaptedNdjsonFormat.adaptLine(lines, raw.adapter(), max)
                                instanceof Adapted.Events events) {
                    events.events().forEach(this::seen);
                }
            }
        }
    }

    private void seen(ProviderEvent e) {
        if (clockSkew.accepts(e.eventTime().toEpochMilli())) {
            count(e, seenMoney, at(Key.of(e))::seen);
        }
    }

    /** Counts a debit or refund the first time its money is met in {@code met}. */
    private static void count(ProviderEvent e, Set<String> met, Consumer<ProviderEvent> into) {
        boolean money =
                e.status() == ProviderStatus.DEBITED || e.status() == ProviderStatus.REFUNDED;
        if (money && met.add(moneyKey(e))) {
            into.accept(e);
        }
    }

    /** One debit per order, one refund per refund number. */
    private static String moneyKey(ProviderEvent e) {
        return String.join(
                "\u0000",
                e.provider().name(),
                e.merchantId(),
                e.outTradeNo(),
                e.status().name(),
                e.status() == ProviderStatus.REFUNDED ? String.valueOf(e.outRefundNo()) : "");
    }

    /** The alerts, each on the day of the order's first provider fact. */
    private void alerts(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                Alert a = Json.read(line, Alert.class);
                at(alertKey(a)).incident(a);
            }
        }
    }

    private Key alertKey(Alert a) {
        Instant first =
                a.evidence().stream()
                        .sorted(
                                Comparator.comparing(
                                                (Evidence e) ->
                                                        e.stream() != Evidence.Stream.PROVIDER)
                                        .thenComparing(Evidence::eventTime))
                        .map(Evidence::eventTime)
                        .findFirst()
                        .orElse(a.decidedAt());
        LocalDate day = day(first);
        String currency = a.currency();
        if (currency == null) {
            currency =
                    days.keySet().stream()
                            .filter(
                                    k ->
                                            k.provider() == a.provider()
                                                    && k.merchantId().equals(a.merchantId())
                                                    && k.day().equals(day))
                            .map(Key::currency)
                            .findFirst()
                            .orElse("CNY");
        }
        return new Key(a.provider(), a.merchantId(), day, currency);
    }

    private static InputStream open(Path file) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }
}
