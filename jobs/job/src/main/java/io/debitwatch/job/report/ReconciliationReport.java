package io.debitwatch.job.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Writes the reconciliation report of a replay into a folder: {@value #CSV_FILE} with one line per
 * merchant-day, and one HTML page per merchant-day named {@code
 * <provider>-<merchant>-<day>[-<currency>].html} (a merchant id that is not plain letters, digits,
 * '.', '_' or '-' is made so and followed by a hash of it, so it can neither leave the folder nor
 * collide with another).
 *
 * <pre>{@code
 * List<MerchantDay> days = Reconciliation.of(inputs, out.resolve(ReplayIO.ALERTS_FILE), skew);
 * ReconciliationReport.Written w = ReconciliationReport.write(days, reportDir);
 * }</pre>
 */
public final class ReconciliationReport {

    public static final String CSV_FILE = "reconciliation.csv";

    private ReconciliationReport() {}

    /** What was written: the CSV and the pages, in the order of the merchant-days. */
    public record Written(Path csv, List<Path> pages) {}

    /**
     * Writes the report of {@code days} into {@code dir} (created if missing; files of the same
     * names are overwritten).
     */
    public static Written write(List<MerchantDay> days, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve(CSV_FILE);
        Files.writeString(csv, ReportCsv.write(days), StandardCharsets.UTF_8);
        List<Path> pages = new ArrayList<>();
        for (MerchantDay d : days) {
            Path page = dir.resolve(pageName(d));
            Files.writeString(page, ReportHtml.page(d), StandardCharsets.UTF_8);
            pages.add(page);
        }
        return new Written(csv, List.copyOf(pages));
    }

    /** The page's file name for {@code d}. */
    public static String pageName(MerchantDay d) {
        StringBuilder b =
                new StringBuilder(d.provider().name().toLowerCase(Locale.ROOT))
                        .append('-')
                        .append(safe(d.merchantId()))
                        .append('-')
                        .append(d.day());
        if (!d.currency().equals("CNY")) {
            b.append('-').append(safe(d.currency()));
        }
        return b.append(".html").toString();
    }

    /** {@code s} as a file-name part: itself when plain and short, else cleaned plus a hash. */
    static String safe(String s) {
        if (s.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")) {
            return s;
        }
        String clean = s.replaceAll("[^A-Za-z0-9_-]", "_");
        if (clean.length() > 32) {
            clean = clean.substring(0, 32);
        }
        return clean + "~" + hash(s);
    }

    private static String hash(String s) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
