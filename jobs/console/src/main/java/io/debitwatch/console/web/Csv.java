package io.debitwatch.console.web;

import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV cells for spreadsheets (RFC 4180 quoting) with formula-injection protection: a cell that a
 * spreadsheet would take for a formula ({@code = + - @}, or a leading tab or carriage return) is
 * prefixed with a single quote, so it is shown as text and never evaluated.
 */
public final class Csv {

    private Csv() {}

    /** One cell, protected and quoted when needed; null is an empty cell. */
    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0
                || s.indexOf('"') >= 0
                || s.indexOf('\n') >= 0
                || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** One line: the cells joined by commas, ended by CRLF. */
    public static String row(List<?> cells) {
        return cells.stream().map(Csv::cell).collect(Collectors.joining(",")) + "\r\n";
    }
}
