package jp.jukinet.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import jp.jukinet.bench.BenchmarkResult.Figure;

/**
 * The Markdown of one run of {@code ./bench}: the machine, then a table per benchmark in which every
 * figure stands beside the raw limit measured in the same run. It lives in docs/benchmarks.md between
 * {@link #BEGIN} and {@link #END}; {@link #replaceSection} changes nothing outside them, so the
 * hand-written history of the page stays as it is.
 */
public final class BenchmarkReport {

    public static final String BEGIN = "<!-- bench:results:begin -->";
    public static final String END = "<!-- bench:results:end -->";
    /** The heading {@link #replaceSection} adds when a page has no markers yet. */
    public static final String HEADING = "## Latest run of ./bench";

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private BenchmarkReport() {
    }

    /**
     * The machine a run was measured on.
     *
     * @param cores      processors the JVM sees
     * @param memory     total memory, as the reader should see it ("23.4 GiB")
     * @param java       the first line of {@code java -version} and the runtime's version
     * @param loadBefore {@code /proc/loadavg}'s 1/5/15-minute averages before the first benchmark
     * @param commit     the commit measured, and whether the checkout had changes
     */
    public record Machine(int cores, String memory, String java, String loadBefore, String commit) {
    }

    /**
     * One benchmark of a run.
     *
     * @param id       its name on {@code ./bench}'s command line
     * @param title    its heading
     * @param command  how to run it alone, with this run's sizes
     * @param result   what it measured, or null when it failed
     * @param failure  why it failed (null when it did not)
     * @param took     how long it ran, build of its module excluded
     * @param load     the load average before and after it
     */
    public record Entry(String id, String title, String command, BenchmarkResult result, String failure, Duration took,
                        String load) {
    }

    /**
     * The section, markers included: the run's header, one table per benchmark in the order run, and the
     * benchmarks {@code ./bench} does not run ({@code notRun}), so that nobody takes the run for all of them.
     */
    public static String render(Instant started, Instant ended, String mode, Machine machine, List<Entry> entries,
                                List<String> notRun) {
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append('\n');
        md.append("<!-- written by ./bench (benchmarks/…/BenchmarkSuite); everything up to the end marker is replaced on each run -->\n\n");
        md.append(String.format(Locale.ROOT, "Run %s to %s (%s), commit %s.%n%n", MINUTE.format(started),
                MINUTE.format(ended), mode, machine.commit()));
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %s of memory, %s; load average before the run %s "
                + "(1/5/15 min).%n%n", machine.cores(), machine.memory(), machine.java(), machine.loadBefore()));
        md.append("\"Share of raw\" is the figure's share of its raw limit: 1 is as fast as the raw limit, "
                + "0.25 a quarter as fast (for times, the raw limit's time over the figure's).\n");
        for (Entry entry : entries) {
            md.append('\n').append("### ").append(entry.title()).append(" (`").append(entry.id()).append("`)\n\n");
            md.append("`").append(entry.command()).append("`");
            md.append(String.format(Locale.ROOT, " — %s, load average %s.%n%n", duration(entry.took()), entry.load()));
            if (entry.result() == null) {
                md.append("**Failed**: ").append(entry.failure() == null ? "no result written" : entry.failure())
                        .append('\n');
                continue;
            }
            if (!entry.result().settings().isEmpty()) {
                md.append("Settings: ").append(String.join(", ", entry.result().settings())).append(".\n\n");
            }
            md.append("| figure | measured | raw limit, same run | share of raw | raw limit is |\n");
            md.append("| --- | ---: | ---: | ---: | --- |\n");
            for (Figure figure : entry.result().figures()) {
                Double share = figure.shareOfRaw();
                md.append("| ").append(cell(figure.what()))
                        .append(" | ").append(number(figure.value())).append(' ').append(cell(figure.unit()))
                        .append(" | ").append(figure.raw() == null ? "no raw limit measured"
                                : number(figure.raw()) + " " + cell(figure.rawUnit()))
                        .append(" | ").append(share == null ? "—" : share(share))
                        .append(" | ").append(cell(figure.rawIs()))
                        .append(" |\n");
            }
            for (String note : entry.result().notes()) {
                md.append("\n- ").append(note);
            }
            if (!entry.result().notes().isEmpty()) {
                md.append('\n');
            }
        }
        if (!notRun.isEmpty()) {
            md.append("\n### Not run by ./bench yet\n\n")
                    .append("They print text only; each runs by hand with its command in the sections above.\n\n");
            notRun.forEach(name -> md.append("- ").append(name).append('\n'));
        }
        md.append('\n').append(END).append('\n');
        return md.toString();
    }

    /**
     * {@code document} with its marked section replaced by {@code section} (which carries the markers),
     * every character outside the markers unchanged. A document without markers gets the section at its
     * end under {@link #HEADING}.
     *
     * @throws IllegalArgumentException if the markers are not there exactly once each, begin before end
     */
    public static String replaceSection(String document, String section) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 && end < 0) {
            String separator = document.endsWith("\n") ? "\n" : "\n\n";
            return document + separator + HEADING + "\n\n" + section;
        }
        if (begin < 0 || end < 0 || end < begin || document.indexOf(BEGIN, begin + 1) >= 0
                || document.indexOf(END, end + 1) >= 0) {
            throw new IllegalArgumentException("the page must hold " + BEGIN + " and then " + END + ", once each");
        }
        String after = document.substring(end + END.length());
        if (after.startsWith("\n")) {
            after = after.substring(1); // the section ends with its own line break
        }
        return document.substring(0, begin) + section + after;
    }

    /** A figure as a reader wants it: grouped thousands, and only the digits that mean something. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** A share of a raw limit: two decimals, three below 0.1 so that 0.004 and 0.046 stay apart from 0. */
    static String share(double share) {
        return String.format(Locale.ROOT, share < 0.095 ? "%.3f" : "%.2f", share);
    }

    private static String duration(Duration took) {
        long seconds = took.toSeconds();
        return seconds < 120 ? seconds + " s" : String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
