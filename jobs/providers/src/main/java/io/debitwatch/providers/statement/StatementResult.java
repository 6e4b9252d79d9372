package io.debitwatch.providers.statement;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.providers.Adapted;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What one statement file became.
 *
 * <p>{@link #rows()} has one entry per data row of the file, in file order, each with its 1-based
 * line number and an {@link Adapted} outcome: {@link Adapted.Events} with exactly one provider
 * event (source STATEMENT), {@link Adapted.Notice} for an authentic row with no money effect yet (a
 * WeChat refund still PROCESSING, or one that failed), or {@link Adapted.Rejected} with a one-line
 * reason. {@link #problems()} lists what is wrong with the file as a whole: a header that lacks a
 * required column (then there are no rows: the file is refused, since no row can be read without
 * it), a missing summary or footer (the file is incomplete: it was cut), a summary whose count or
 * totals disagree with the rows, lines that belong nowhere.
 *
 * <p>A file-level problem never discards the good rows: their events still count (a cut file still
 * proves the debits it lists), and each problem is a dead letter of its own so that operators see
 * that the file needs a second look. {@link #deadLetters()} gives both kinds, in line order.
 *
 * <p>Nothing here holds a payer identifier in clear text: events carry {@code payer_ref} hashed by
 * {@link io.debitwatch.providers.PayerIds}, reasons never quote a payer column, and {@code raw} is
 * the row's text with the payer column replaced by {@code ***}.
 *
 * @param sourceName the file's name as the caller gave it (dead-letter source)
 * @param provider WECHAT or ALIPAY
 * @param rows one entry per data row, in file order
 * @param problems file-level problems, in line order
 * @param stated what the file's summary or footer states, or null when it has none that reads
 */
public record StatementResult(
        String sourceName,
        Provider provider,
        List<Row> rows,
        List<Problem> problems,
        StatementTotals stated) {

    public StatementResult {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(provider, "provider");
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /** A result without stated totals. */
    public StatementResult(
            String sourceName, Provider provider, List<Row> rows, List<Problem> problems) {
        this(sourceName, provider, rows, problems, null);
    }

    /**
     * One data row.
     *
     * @param line 1-based line number in the file
     * @param outcome the event, notice or rejection the row became
     * @param raw the row's text with the payer column masked, for dead letters
     */
    public record Row(long line, Adapted outcome, String raw) {
        public Row {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(raw, "raw");
            // A row's columns cannot be trusted when it is rejected (a shifted row can carry its
            // payer id in any column, and a reason may quote that cell): whatever has the shape of
            // a payer id goes, in the reason and the raw text alike (SPEC §4a.8).
            if (outcome instanceof Adapted.Rejected rejected) {
                outcome = new Adapted.Rejected(Cells.redactShapes(rejected.reason()));
            }
            raw = Cells.redactShapes(raw);
        }
    }

    /**
     * A file-level problem.
     *
     * @param line the 1-based line where it shows (the summary row for a mismatch, the last line
     *     for a missing summary); 0 for an empty file
     * @param reason one line, safe to log and to write to dead letters
     * @param raw the text of that line when it holds no payer data (a header, summary or footer
     *     line), else empty
     */
    public record Problem(long line, String reason, String raw) {
        public Problem {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(raw, "raw");
            reason = Cells.redactShapes(reason);
            raw = Cells.redactShapes(raw);
        }
    }

    /** The provider events of all good rows, in file order. */
    public List<ProviderEvent> events() {
        List<ProviderEvent> events = new ArrayList<>();
        for (Row r : rows) {
            if (r.outcome() instanceof Adapted.Events e) {
                events.addAll(e.events());
            }
        }
        return events;
    }

    /** The rejected rows, in file order. */
    public List<Row> rejected() {
        return rows.stream().filter(r -> r.outcome() instanceof Adapted.Rejected).toList();
    }

    /** The rows that became notices, in file order. */
    public List<Row> notices() {
        return rows.stream().filter(r -> r.outcome() instanceof Adapted.Notice).toList();
    }

    /** True when the file as a whole is sound (its rows may still include rejected ones). */
    public boolean complete() {
        return problems.isEmpty();
    }

    /** Every rejected row and every file-level problem as a dead letter, in line order. */
    public List<DeadLetter> deadLetters() {
        record Entry(long line, DeadLetter letter) {}
        List<Entry> entries = new ArrayList<>();
        for (Row r : rows) {
            if (r.outcome() instanceof Adapted.Rejected rej) {
                entries.add(
                        new Entry(
                                r.line(),
                                DeadLetters.fromFile(sourceName, r.line(), r.raw(), rej.reason())));
            }
        }
        for (Problem p : problems) {
            entries.add(
                    new Entry(
                            p.line(),
                            DeadLetters.fromFile(sourceName, p.line(), p.raw(), p.reason())));
        }
        entries.sort(Comparator.comparingLong(Entry::line));
        return entries.stream().map(Entry::letter).toList();
    }
}
