package io.debitwatch.console.web;

import io.debitwatch.console.BreakdownQueries;
import io.debitwatch.console.BreakdownQueries.Group;
import io.debitwatch.console.BreakdownQueries.HourCount;
import io.debitwatch.core.model.AlertType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Server-rendered SVG charts. Colours come from the stylesheet through class names (the CSP allows
 * no inline styles); every number is also in the table next to the chart.
 */
final class Charts {

    private static final int WIDTH = 760;
    private static final int HOUR_HEIGHT = 220;
    private static final int LEFT = 40;
    private static final int BOTTOM = 24;
    private static final int BAR_ROW = 22;
    private static final int LABEL_WIDTH = 180;

    private Charts() {}

    /** Stacked bars: incidents first decided per hour, by type, the last HOURS hours. */
    static String perHour(List<HourCount> counts, Instant latestHour) {
        if (latestHour == null) {
            return "<p>No incidents yet.</p>";
        }
        int hours = BreakdownQueries.HOURS;
        long[][] byHour = new long[hours][AlertType.values().length];
        long max = 1;
        for (HourCount c : counts) {
            int h =
                    hours
                            - 1
                            - (int)
                                    ((latestHour.getEpochSecond() - c.hour().getEpochSecond())
                                            / 3600);
            if (h >= 0 && h < hours) {
                byHour[h][AlertType.valueOf(c.type()).ordinal()] += c.incidents();
            }
        }
        for (long[] h : byHour) {
            long sum = 0;
            for (long n : h) {
                sum += n;
            }
            max = Math.max(max, sum);
        }
        double slot = (WIDTH - LEFT) / (double) hours;
        double plot = HOUR_HEIGHT - BOTTOM - 10;
        StringBuilder svg =
                svgOpen("per-hour-chart", WIDTH, HOUR_HEIGHT, "Incidents per hour by type");
        svg.append(text(4, 14, "axis", Long.toString(max)));
        svg.append(text(4, HOUR_HEIGHT - BOTTOM, "axis", "0"));
        for (int h = 0; h < hours; h++) {
            double y = HOUR_HEIGHT - BOTTOM;
            for (AlertType t : AlertType.values()) {
                long n = byHour[h][t.ordinal()];
                if (n == 0) {
                    continue;
                }
                double height = plot * n / max;
                y -= height;
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<rect class=\"t-%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s</title></rect>",
                                t.name(),
                                LEFT + h * slot + 1,
                                y,
                                slot - 2,
                                height,
                                Html.text(
                                        hourLabel(latestHour, h, hours)
                                                + " "
                                                + t.name()
                                                + ": "
                                                + n)));
            }
            if (h % 3 == 0) {
                svg.append(
                        text(
                                LEFT + h * slot,
                                HOUR_HEIGHT - 6,
                                "axis",
                                hourLabel(latestHour, h, hours).substring(11)));
            }
        }
        return svg.append("</svg>").append(legend()).toString();
    }

    /** Horizontal bars: incidents per group, the debited-but-failed ones darker inside. */
    static String groups(String id, String title, List<Group> groups) {
        long max = 1;
        for (Group g : groups) {
            max = Math.max(max, g.incidents());
        }
        int height = Math.max(1, groups.size()) * BAR_ROW + 8;
        double plot = WIDTH - LABEL_WIDTH - 140;
        StringBuilder svg = svgOpen(id, WIDTH, height, title);
        int y = 4;
        for (Group g : groups) {
            double all = plot * g.incidents() / max;
            double unmatched = plot * g.unmatchedDebits() / max;
            svg.append(text(4, y + 15, "label", label(g.value())));
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect class=\"bar-all\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\"></rect>",
                            LABEL_WIDTH,
                            y,
                            all));
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect class=\"bar-unmatched\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\"></rect>",
                            LABEL_WIDTH,
                            y,
                            unmatched));
            svg.append(
                    text(
                            LABEL_WIDTH + all + 6,
                            y + 13,
                            "value",
                            g.incidents() + " · " + g.unmatchedDebits() + " unmatched"));
            y += BAR_ROW;
        }
        return svg.append("</svg>").toString();
    }

    static String label(String value) {
        return value == null ? "(unknown)" : value;
    }

    private static String hourLabel(Instant latestHour, int h, int hours) {
        Instant at = latestHour.minusSeconds(3600L * (hours - 1 - h));
        return at.atOffset(ZoneOffset.UTC).toString().substring(0, 16).replace('T', ' ');
    }

    private static String legend() {
        StringBuilder l = new StringBuilder("<ul class=\"legend\">");
        for (AlertType t : AlertType.values()) {
            l.append("<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect class=\"t-")
                    .append(t.name())
                    .append("\" width=\"12\" height=\"12\"></rect></svg> ")
                    .append(t.name())
                    .append("</li>");
        }
        return l.append("</ul>").toString();
    }

    private static StringBuilder svgOpen(String id, int width, int height, String title) {
        return new StringBuilder("<svg id=\"")
                .append(id)
                .append("\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.text(title))
                .append("\"><title>")
                .append(Html.text(title))
                .append("</title>");
    }

    private static String text(double x, double y, String cls, String value) {
        return String.format(
                Locale.ROOT,
                "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                cls,
                x,
                y,
                Html.text(value));
    }
}
