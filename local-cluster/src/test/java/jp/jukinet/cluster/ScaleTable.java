package jp.jukinet.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The scale harness's results: each figure measured at N residents beside its raw limit from the
 * same run, and, over several N, how each figure grew. Written as markdown ({@link #markdown()}).
 *
 * <p>The ratio is the figure's share of its raw limit, so 1 means "as fast as PostgreSQL alone" and
 * lower is slower, whichever way the figure is counted: for a duration it is raw ÷ measured, for a
 * rate measured ÷ raw.
 */
final class ScaleTable {

    /** How a figure is counted: a duration (lower is better) or a rate (higher is better). */
    enum Kind { SECONDS, PER_SECOND }

    /**
     * One figure of one run.
     *
     * @param residents the N of the run
     * @param figure    what was measured
     * @param kind      how it is counted
     * @param value     the measurement (seconds, or per second)
     * @param raw       its raw limit in the same unit, or NaN when it has none
     * @param rawLimit  what the raw limit is
     * @param note      what else the reader needs (a count checked, a finding), or empty
     */
    record Row(long residents, String figure, Kind kind, double value, double raw, String rawLimit, String note) {

        /** The figure's share of its raw limit; NaN without one. */
        double ratio() {
            if (Double.isNaN(raw) || value <= 0 || raw <= 0) {
                return Double.NaN;
            }
            return kind == Kind.SECONDS ? raw / value : value / raw;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    /** Forgets the figures of {@code residents} (an N measured again from its start). */
    void removeResidents(long residents) {
        rows.removeIf(row -> row.residents() == residents);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Every row: N, figure, measured, raw limit, ratio, and what the raw limit is. */
    String results() {
        StringBuilder out = new StringBuilder();
        out.append("| N | figure | measured | raw limit | ratio | raw limit is | note |\n");
        out.append("| ---: | --- | ---: | ---: | ---: | --- | --- |\n");
        for (Row row : rows) {
            out.append("| ").append(count(row.residents())).append(" | ").append(row.figure()).append(" | ")
                    .append(format(row.kind(), row.value())).append(" | ")
                    .append(Double.isNaN(row.raw()) ? "—" : format(row.kind(), row.raw())).append(" | ")
                    .append(Double.isNaN(row.ratio()) ? "—" : String.format(Locale.ROOT, "%.2f", row.ratio()))
                    .append(" | ").append(row.rawLimit()).append(" | ").append(row.note()).append(" |\n");
        }
        return out.toString();
    }

    /**
     * How each figure grew from one N to the next: the figure at every N and, beside each after the
     * first, its factor over the previous N (a duration that grows as N does has the factor of N; a
     * rate that holds has 1.0). Empty with fewer than two N.
     */
    String growth() {
        Set<Long> sizes = new TreeSet<>();
        Map<String, Map<Long, Row>> byFigure = new LinkedHashMap<>();
        for (Row row : rows) {
            sizes.add(row.residents());
            byFigure.computeIfAbsent(row.figure(), figure -> new LinkedHashMap<>()).put(row.residents(), row);
        }
        if (sizes.size() < 2) {
            return "";
        }
        List<Long> ordered = List.copyOf(sizes);
        StringBuilder out = new StringBuilder("| figure |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (int i = 0; i < ordered.size(); i++) {
            out.append(' ').append(count(ordered.get(i)));
            if (i > 0) {
                out.append(String.format(Locale.ROOT, " (N ×%s)", factor((double) ordered.get(i) / ordered.get(i - 1))));
            }
            out.append(" |");
            rule.append(" ---: |");
        }
        out.append('\n').append(rule).append('\n');
        for (Map.Entry<String, Map<Long, Row>> figure : byFigure.entrySet()) {
            out.append("| ").append(figure.getKey()).append(" |");
            for (int i = 0; i < ordered.size(); i++) {
                Row row = figure.getValue().get(ordered.get(i));
                Row previous = i == 0 ? null : figure.getValue().get(ordered.get(i - 1));
                if (row == null) {
                    out.append(" — |");
                    continue;
                }
                out.append(' ').append(format(row.kind(), row.value()));
                if (previous != null && previous.value() > 0) {
                    out.append(" (×").append(factor(row.value() / previous.value())).append(')');
                }
                out.append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The results and, over several N, the growth, as markdown. */
    String markdown() {
        String growth = growth();
        return results() + (growth.isEmpty() ? "" : "\nGrowth (each figure, and its factor over the previous N):\n\n" + growth);
    }

    /** The figures' names in the order first measured. */
    Set<String> figures() {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(row -> names.add(row.figure()));
        return names;
    }

    static String format(Kind kind, double value) {
        return switch (kind) {
            case SECONDS -> value < 10 ? String.format(Locale.ROOT, "%.2f s", value)
                    : String.format(Locale.ROOT, "%,.1f s", value);
            case PER_SECOND -> String.format(Locale.ROOT, "%,.0f/s", value);
        };
    }

    private static String count(long residents) {
        return String.format(Locale.ROOT, "%,d", residents);
    }

    private static String factor(double factor) {
        return String.format(Locale.ROOT, factor < 10 ? "%.2f" : "%.1f", factor);
    }
}
