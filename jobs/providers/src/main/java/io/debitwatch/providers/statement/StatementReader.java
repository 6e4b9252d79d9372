package io.debitwatch.providers.statement;

import io.debitwatch.core.model.Provider;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.statement.StatementLines.RawLine;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What reading a statement file is, whichever provider wrote it: one pass over its lines that
 * collects the data rows and the file-level problems, a header that locates the columns by name,
 * and data rows that are rejected when they cannot be read, have another width than the header or
 * fail the provider's mapping. The subclasses know the layout of their provider's file (preamble,
 * summary or footer, separators) and how one row becomes an event.
 */
abstract class StatementReader {

    private final String sourceName;
    private final Provider provider;

    /** The data rows read so far, in file order. */
    final List<StatementResult.Row> rows = new ArrayList<>();

    private final List<StatementResult.Problem> problems = new ArrayList<>();

    /** Header key -> column, once the header was accepted. */
    Map<String, Integer> columns;

    private int width;
    private int payerIndex;

    /**
     * Whether every data row so far was read and adapted: only then can the totals the file states
     * be compared with the sums of its rows.
     */
    boolean sumsCheckable = true;

    StatementReader(String sourceName, Provider provider) {
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        this.provider = provider;
    }

    /** The charset the data rows are decoded with, also for the masked copy of a bad one. */
    abstract Charset charset();

    /** How a line that does not decode is described: "valid UTF-8", "GBK", …. */
    abstract String textName();

    /** What separates the fields of a data row, as named in a reason. */
    abstract String separatorName();

    /** The fields of a data row. */
    abstract List<String> fields(String text);

    /** Why {@code text} is not a data row before its fields are counted, or null. */
    String notDataRow(String text) {
        return null;
    }

    /** The outcome of a data row of the header's width; throws {@link Cells.Bad} for a bad row. */
    abstract Adapted adapt(List<String> cells);

    /** A line with its payer cell replaced by {@code ***}, as dead letters may show it. */
    abstract String masked(String text);

    final StatementResult result() {
        return new StatementResult(sourceName, provider, rows, problems, stated());
    }

    /** What the file's summary or footer states, or null (none read so far). */
    StatementTotals stated() {
        return null;
    }

    final void problem(long line, String reason, String raw) {
        problems.add(new StatementResult.Problem(line, reason, raw));
    }

    /** Where the checks of a summary or footer put the file-level problems they find. */
    @FunctionalInterface
    interface Problems {
        void add(long line, String reason, String raw);
    }

    /** The index of the first line at or after {@code from} that is not blank, or the size. */
    static int nonBlank(List<RawLine> lines, int from) {
        int i = from;
        while (i < lines.size() && lines.get(i).blank()) {
            i++;
        }
        return i;
    }

    /** The number of the last line; the place of a problem that the end of the file shows. */
    static long last(List<RawLine> lines) {
        return lines.get(lines.size() - 1).number();
    }

    /**
     * Header keys located: each key's first column, the required keys given twice and those
     * missing, and the number of columns.
     */
    record HeaderKeys(
            Map<String, Integer> index, List<String> twice, List<String> missing, int width) {

        static HeaderKeys of(List<String> keys, List<String> required) {
            Map<String, Integer> index = new HashMap<>();
            List<String> twice = new ArrayList<>();
            for (int k = 0; k < keys.size(); k++) {
                if (index.putIfAbsent(keys.get(k), k) != null && required.contains(keys.get(k))) {
                    twice.add(keys.get(k));
                }
            }
            List<String> missing = required.stream().filter(c -> !index.containsKey(c)).toList();
            return new HeaderKeys(index, twice, missing, keys.size());
        }
    }

    /**
     * Takes the columns of a header that has every required key (the caller checked); false, with a
     * problem, when a required key appears twice.
     */
    final boolean accept(RawLine line, String text, HeaderKeys keys, String payerColumn) {
        if (!keys.twice().isEmpty()) {
            problem(
                    line.number(),
                    "bad header: column(s) " + String.join(", ", keys.twice()) + " appear twice",
                    text);
            return false;
        }
        columns = keys.index();
        width = keys.width();
        payerIndex = keys.index().get(payerColumn);
        return true;
    }

    /** One data row: rejected when unreadable, of another width or refused by the mapping. */
    final StatementResult.Row row(RawLine line, String text) {
        if (line.oversize()) {
            return rejected(
                    line,
                    masked(line.lossy(charset())),
                    "line longer than " + StatementLines.MAX_LINE_BYTES + " bytes");
        }
        if (text == null) {
            return rejected(
                    line, masked(line.lossy(charset())), "line is not " + textName() + " text");
        }
        String raw = masked(text);
        String notData = notDataRow(text);
        if (notData != null) {
            return rejected(line, raw, notData);
        }
        List<String> cells = fields(text);
        if (cells.size() != width) {
            return rejected(
                    line,
                    raw,
                    "row has "
                            + cells.size()
                            + " fields, the header "
                            + width
                            + " (shifted columns: a stray or missing "
                            + separatorName()
                            + ")");
        }
        try {
            return new StatementResult.Row(line.number(), adapt(cells), raw);
        } catch (Cells.Bad e) {
            return rejected(line, raw, e.getMessage());
        }
    }

    private StatementResult.Row rejected(RawLine line, String raw, String reason) {
        sumsCheckable = false;
        return new StatementResult.Row(line.number(), Adapted.reject(reason), raw);
    }

    /**
     * {@code body} split at {@code separator} with the payer cell replaced by {@code ***}. When the
     * line has more or fewer fields than the header, the payer may have moved by up to that
     * difference, so every field within that distance of the payer column is masked too.
     */
    final String maskedFields(String body, String separator) {
        String[] cells = body.split(separator, -1);
        Cells.maskPayer(cells, payerIndex, Math.abs(cells.length - width), "***");
        return String.join(separator, cells);
    }
}
