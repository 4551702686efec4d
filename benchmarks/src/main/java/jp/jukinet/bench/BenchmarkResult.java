package jp.jukinet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one run of one benchmark measured, as data: each figure with the raw limit it is compared with
 * in the same run (or none, and why). A benchmark builds one at its end and, when started with
 * {@code -Dbench.result=FILE} (as {@code ./bench} does), writes it there; run by hand it only prints as
 * before. The file is lines of tab-separated fields (see {@link #write}), so that {@link BenchmarkSuite}
 * reads it without any library.
 *
 * @param id       the benchmark's name on {@code ./bench}'s command line, e.g. {@code notice-chain}
 * @param settings the sizes it ran with, as the reader should see them ({@code residents=20,000})
 * @param figures  what it measured, in the order measured
 * @param notes    anything a reader needs beside the table (what was not measured, and why)
 */
public record BenchmarkResult(String id, List<String> settings, List<Figure> figures, List<String> notes) {

    /** The system property naming the file a benchmark writes its result to. */
    public static final String RESULT_PROPERTY = "bench.result";

    public BenchmarkResult {
        Objects.requireNonNull(id, "id");
        settings = List.copyOf(settings);
        figures = List.copyOf(figures);
        notes = List.copyOf(notes);
    }

    /**
     * One figure of a run.
     *
     * @param what     what was measured ("chain throughput, backlog of 2,000 notices")
     * @param value    the figure
     * @param unit     its unit ("notices/s", "ms", "s")
     * @param higherIsBetter true for rates, false for times: decides how the share of the raw limit is taken
     * @param raw      the raw limit measured in the same run, or null when none was
     * @param rawUnit  its unit
     * @param rawIs    what the raw limit is (or, when there is none, why)
     */
    public record Figure(String what, double value, String unit, boolean higherIsBetter, Double raw, String rawUnit,
                         String rawIs) {

        public Figure {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(unit, "unit");
            rawUnit = rawUnit == null ? "" : rawUnit;
            rawIs = rawIs == null ? "" : rawIs;
        }

        /** A rate (higher is better) beside its raw limit. */
        public static Figure rate(String what, double value, String unit, double raw, String rawUnit, String rawIs) {
            return new Figure(what, value, unit, true, raw, rawUnit, rawIs);
        }

        /** A time (lower is better) beside the raw limit's time for the same work. */
        public static Figure time(String what, double value, String unit, double raw, String rawUnit, String rawIs) {
            return new Figure(what, value, unit, false, raw, rawUnit, rawIs);
        }

        /** A figure with no raw limit measured in the run; {@code why} says why. */
        public static Figure withoutRawLimit(String what, double value, String unit, boolean higherIsBetter, String why) {
            return new Figure(what, value, unit, higherIsBetter, null, "", why);
        }

        /**
         * The figure's share of its raw limit: 1 is as fast as the raw limit, 0.25 a quarter as fast;
         * null without a raw limit.
         */
        public Double shareOfRaw() {
            if (raw == null || raw == 0 || value == 0) {
                return null;
            }
            return higherIsBetter ? value / raw : raw / value;
        }
    }

    /** Collects a result while a benchmark runs. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * Writes this result to the file named by {@code -Dbench.result}, if there is one.
     *
     * @return whether it was written
     */
    public boolean writeIfAsked() {
        String file = System.getProperty(RESULT_PROPERTY);
        if (file == null || file.isBlank()) {
            return false;
        }
        write(Path.of(file));
        return true;
    }

    /**
     * Writes this result: a line {@code benchmark<TAB>id}, a line {@code setting<TAB>text} per setting,
     * {@code figure<TAB>what<TAB>value<TAB>unit<TAB>rate|time<TAB>raw or -<TAB>raw unit<TAB>raw is} per
     * figure, and {@code note<TAB>text} per note. Tabs and line breaks in texts become spaces.
     */
    public void write(Path file) {
        List<String> lines = new ArrayList<>();
        lines.add(join("benchmark", id));
        settings.forEach(setting -> lines.add(join("setting", setting)));
        for (Figure figure : figures) {
            lines.add(join("figure", figure.what(), Double.toString(figure.value()), figure.unit(),
                    figure.higherIsBetter() ? "rate" : "time", figure.raw() == null ? "-" : Double.toString(figure.raw()),
                    figure.rawUnit(), figure.rawIs()));
        }
        notes.forEach(note -> lines.add(join("note", note)));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what {@link #write} wrote. */
    public static BenchmarkResult read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Builder builder = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] field = line.split("\t", -1);
            switch (field[0]) {
                case "benchmark" -> builder = builder(field[1]);
                case "setting" -> required(builder, file).setting(field[1]);
                case "note" -> required(builder, file).note(field[1]);
                case "figure" -> required(builder, file).figure(new Figure(field[1], Double.parseDouble(field[2]), field[3],
                        field[4].equals("rate"), field[5].equals("-") ? null : Double.valueOf(field[5]), field[6], field[7]));
                default -> throw new IllegalArgumentException(file + ": unknown line " + line);
            }
        }
        return required(builder, file).build();
    }

    private static Builder required(Builder builder, Path file) {
        if (builder == null) {
            throw new IllegalArgumentException(file + " does not start with a benchmark line");
        }
        return builder;
    }

    private static String join(String... fields) {
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (!line.isEmpty()) {
                line.append('\t');
            }
            line.append(field.replaceAll("[\\t\\r\\n]+", " "));
        }
        return line.toString();
    }

    /** Collects settings, figures and notes in the order a benchmark measures them. */
    public static final class Builder {

        private final String id;
        private final List<String> settings = new ArrayList<>();
        private final List<Figure> figures = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        private Builder(String id) {
            this.id = id;
        }

        public Builder setting(String setting) {
            settings.add(setting);
            return this;
        }

        public Builder figure(Figure figure) {
            figures.add(figure);
            return this;
        }

        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        public BenchmarkResult build() {
            return new BenchmarkResult(id, settings, figures, notes);
        }
    }
}
