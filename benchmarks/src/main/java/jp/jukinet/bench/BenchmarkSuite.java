package jp.jukinet.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./bench}: runs the project's benchmarks one after another, each in its own JVM: a {@code main}
 * with {@code java} on its module's test class path (from {@code dependency:build-classpath}, as
 * docs/scale-harness.sh does, so no plugin beyond the build's own is needed), a JUnit benchmark through
 * surefire; with the options its own documentation gives plus {@code -Dbench.result=FILE}. It
 * reads what each wrote ({@link BenchmarkResult}) and renders the tables ({@link BenchmarkReport}) to
 * {@code target/bench/latest.md} and, for a full run, into docs/benchmarks.md between the markers.
 * Expects the modules installed ({@code ./bench} does that first). Run {@code ./bench --help}.
 */
public final class BenchmarkSuite {

    /** How a benchmark is started: its own {@code main} (java on the test class path) or as a JUnit class (surefire). */
    enum Kind { MAIN, TEST }

    /**
     * One benchmark as {@code ./bench} runs it.
     *
     * @param id      its name on the command line
     * @param title   its heading in the report
     * @param module  the Maven module holding it
     * @param type    its class (a test method with {@code #}, for {@link Kind#TEST})
     * @param kind    how it is started
     * @param full    the {@code -D} options of a full run (sizes that finish in minutes on 2 cores)
     * @param quick   the same for {@code --quick} (seconds to a minute or two)
     * @param timeout the longest a full run may take before it is stopped
     */
    record Benchmark(String id, String title, String module, String type, Kind kind, List<String> full,
                     List<String> quick, Duration timeout) {

        List<String> options(boolean quickRun) {
            return quickRun ? quick : full;
        }

        /**
         * The commands that run it alone with these options, each run in the directory the first element
         * names (relative to the project's root): for a {@code main}, writing the module's test class path
         * and then {@code java}; for a JUnit benchmark, surefire.
         *
         * @param maven  the wrapper and its flags ({@code ./mvnw -B -q}, perhaps {@code -o})
         * @param result the file the result goes to, or null for the command as shown to a reader
         */
        List<List<String>> commands(List<String> maven, List<String> options, Path result) {
            List<String> properties = new ArrayList<>(options);
            if (result != null) {
                properties.add("-D" + BenchmarkResult.RESULT_PROPERTY + "=" + result.toAbsolutePath());
            }
            if (kind == Kind.MAIN) {
                List<String> classpath = new ArrayList<>(List.of("."));
                classpath.addAll(maven);
                classpath.addAll(List.of("-pl", module, "dependency:build-classpath",
                        "-Dmdep.outputFile=target/bench.classpath", "-Dmdep.includeScope=test"));
                // the JVM that runs ./bench runs the benchmark too
                String javaCommand = result == null ? "java"
                        : Path.of(System.getProperty("java.home"), "bin", "java").toString();
                List<String> java = new ArrayList<>(List.of(module, javaCommand, "-cp",
                        result == null ? "target/test-classes:target/classes:$(cat target/bench.classpath)"
                                : "target/test-classes:target/classes:" + readClasspath(Path.of(module))));
                java.addAll(properties);
                java.add(type);
                return List.of(classpath, java);
            }
            List<String> surefire = new ArrayList<>(List.of("."));
            surefire.addAll(maven);
            surefire.addAll(List.of("-pl", module, "surefire:test", "-Dtest=" + type,
                    "-Dsurefire.failIfNoSpecifiedTests=false"));
            surefire.addAll(properties);
            return List.of(surefire);
        }

        /** How a reader runs it alone ({@code ./mvnw install -DskipTests} done). */
        String shown(List<String> options) {
            List<String> shown = new ArrayList<>();
            for (List<String> command : commands(List.of("./mvnw", "-B", "-q"), options, null)) {
                String line = String.join(" ", command.subList(1, command.size()));
                shown.add(command.get(0).equals(".") ? line : "(cd " + command.get(0) + " && " + line + ")");
            }
            return String.join(" && ", shown);
        }

        /** The class path the first command wrote; before it has, the shell's way of reading it. */
        private static String readClasspath(Path module) {
            try {
                return Files.readString(module.resolve("target/bench.classpath"), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return "$(cat target/bench.classpath)";
            }
        }
    }

    private static final String DURABLE = "-Djukinet.test.postgres.durable=true";

    /** Every benchmark, in the order {@code ./bench} runs them. */
    static final List<Benchmark> BENCHMARKS = List.of(
            new Benchmark("notice-chain", "Notice chain (issue #3)", "network-tests",
                    "jp.jukinet.network.bench.NoticeChainBenchmark", Kind.MAIN,
                    List.of(DURABLE, "-Dbench.backlog=20000", "-Dbench.seconds=15"),
                    List.of(DURABLE, "-Dbench.backlog=1000", "-Dbench.seconds=3", "-Dbench.rates=50"),
                    Duration.ofMinutes(20)),
            new Benchmark("provision", "Provision through the gateway (issue #4)", "network-tests",
                    "jp.jukinet.network.bench.ProvisionBenchmark", Kind.MAIN,
                    List.of(DURABLE, "-Dbench.residents=200000", "-Dbench.batch=200000", "-Dbench.seconds=10",
                            "-Dbench.warmup=20"),
                    List.of(DURABLE, "-Dbench.residents=10000", "-Dbench.batch=10000", "-Dbench.seconds=3",
                            "-Dbench.warmup=2"),
                    Duration.ofMinutes(20)),
            new Benchmark("batch-lookup", "Batch and single lookups straight to the national server (issue #4)",
                    "national-service", "BatchLookupBenchmark", Kind.TEST,
                    List.of(DURABLE, "-Dbench.residents=200000", "-Dbench.seconds=10"),
                    List.of(DURABLE, "-Dbench.residents=10000", "-Dbench.seconds=2"),
                    Duration.ofMinutes(15)),
            new Benchmark("feed-write", "Feed writes: JPA or JDBC (issue #14)", "provision",
                    "FeedWriteBenchmark", Kind.TEST,
                    List.of(DURABLE, "-Dbench.changes=5000"),
                    List.of(DURABLE, "-Dbench.changes=500"),
                    Duration.ofMinutes(15)),
            new Benchmark("extract", "Milestone and as-of extracts (issue #14)", "provision", "ExtractBenchmark", Kind.TEST,
                    // the as-of extract reads a chunk of 1,000 codes in about two minutes at 200,000 residents
                    // (2026-12-04; 26,500 codes/s at 1,000,000 in session 7): sizes that finish until that is looked into
                    List.of("-Dbench.residents=50000", "-Dbench.asof=5000"),
                    List.of("-Dbench.residents=20000", "-Dbench.asof=2000"),
                    Duration.ofMinutes(15)),
            new Benchmark("register-digests", "Consistency check digests (issue #15)", "service-support",
                    "RegisterDigestsBenchmark", Kind.TEST,
                    List.of("-Dbench.residents=100000,500000"),
                    List.of("-Dbench.residents=20000"),
                    Duration.ofMinutes(15)),
            new Benchmark("partition", "Partitioning J-LIS's history (issue #15)", "national-service",
                    "jp.jukinet.national.register.PartitionBenchmark", Kind.MAIN,
                    List.of(DURABLE, "-Dbench.residents=200000", "-Dbench.seconds=10"),
                    List.of(DURABLE, "-Dbench.residents=20000", "-Dbench.seconds=2"),
                    Duration.ofMinutes(20)),
            new Benchmark("bulk-load", "Bulk loading every tier (issue #15)", "local-cluster",
                    "jp.jukinet.cluster.ScaleBenchmark", Kind.MAIN,
                    List.of(DURABLE, "-Dbench.residents=100000", "-Dbench.raw-residents=100000"),
                    List.of(DURABLE, "-Dbench.residents=5000", "-Dbench.raw-residents=5000"),
                    Duration.ofMinutes(20)),
            new Benchmark("push", "Push-type notification (issue #14)", "network-tests", "PushNotificationBenchmark",
                    Kind.TEST,
                    List.of("-Dbench.seconds=30", "-Dbench.warmup=10", "-Dbench.targets=1000000",
                            "-Dbench.events=1000000"),
                    List.of("-Dbench.persons=2000", "-Dbench.rate=200", "-Dbench.seconds=5", "-Dbench.warmup=2",
                            "-Dbench.single-changes=200", "-Dbench.targets=10000", "-Dbench.events=20000"),
                    Duration.ofMinutes(25)),
            new Benchmark("scale-harness", "Scale harness: the local network loaded, looked up, checked, rebuilt (issue #15)",
                    "local-cluster", "jp.jukinet.cluster.ScaleHarness", Kind.MAIN,
                    List.of(DURABLE, "-Dbench.residents=100000"),
                    List.of(DURABLE, "-Dbench.residents=5000", "-Dbench.seconds=3", "-Dbench.warmup=5",
                            "-Dbench.warmup-max=20", "-Dbench.batch=5000"),
                    Duration.ofMinutes(30)));

    /**
     * Benchmarks {@code ./bench} does not run: none today. Listed in the report when there are, so that nobody
     * takes a run for all of them.
     */
    static final List<String> NOT_YET_RUN = List.of();

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + " (./bench --help)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(usage());
            return;
        }
        if (options.checkOnly()) {
            return; // ./bench checks its command line before it builds
        }
        // stopped (Ctrl-C), ./bench leaves no benchmark or server of its own running
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        System.exit(run(options));
    }

    static int run(Options options) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve("target/bench");
        Files.createDirectories(work);
        String loadBefore = loadAverage();
        BenchmarkReport.Machine machine = new BenchmarkReport.Machine(Runtime.getRuntime().availableProcessors(),
                memory(), javaVersion(), loadBefore, commit(root));
        Instant started = Instant.now();
        List<BenchmarkReport.Entry> entries = new ArrayList<>();
        int failed = 0;
        for (Benchmark benchmark : options.selected()) {
            Path result = work.resolve(benchmark.id() + ".result");
            Path log = work.resolve(benchmark.id() + ".log");
            Files.deleteIfExists(result);
            List<String> maven = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-q"));
            if (options.offline()) {
                maven.add("-o");
            }
            String load = loadAverage();
            System.out.printf(Locale.ROOT, "bench: %s ... (log: %s)%n", benchmark.id(), root.relativize(log));
            Files.deleteIfExists(log);
            long start = System.nanoTime();
            Duration timeout = options.quick() ? Duration.ofMinutes(10) : benchmark.timeout();
            String failure = null;
            // the class path is read once the first command has written it
            for (int step = 0; failure == null && step < (benchmark.kind() == Kind.MAIN ? 2 : 1); step++) {
                List<String> command = benchmark.commands(maven, benchmark.options(options.quick()), result).get(step);
                failure = execute(command.subList(1, command.size()), root.resolve(command.get(0)), log, timeout);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            BenchmarkResult read = null;
            if (failure == null) {
                if (Files.exists(result)) {
                    read = BenchmarkResult.read(result);
                } else {
                    failure = "it ended without writing its result (see " + root.relativize(log) + ")";
                }
            }
            if (read == null) {
                failed++;
            }
            System.out.printf(Locale.ROOT, "bench: %s %s in %d s%n", benchmark.id(), read == null ? "FAILED: " + failure
                    : "done", took.toSeconds());
            entries.add(new BenchmarkReport.Entry(benchmark.id(), benchmark.title(),
                    benchmark.shown(benchmark.options(options.quick())), read,
                    failure, took, load + " → " + loadAverage()));
        }
        String mode = (options.quick() ? "`./bench --quick`: sizes for a smoke run, not for comparison"
                : "`./bench`: default sizes")
                + (options.selected().size() < BENCHMARKS.size() ? "; only " + ids(options.selected()) : "");
        String section = BenchmarkReport.render(started, Instant.now(), mode, machine, entries, NOT_YET_RUN);
        Path latest = work.resolve("latest.md");
        Files.writeString(latest, section, StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(section);
        if (options.writesPage()) {
            Path page = root.resolve("docs/benchmarks.md");
            Files.writeString(page, BenchmarkReport.replaceSection(Files.readString(page, StandardCharsets.UTF_8), section),
                    StandardCharsets.UTF_8);
            System.out.println("bench: written to docs/benchmarks.md (section \"" + BenchmarkReport.HEADING.substring(3)
                    + "\")");
        } else {
            System.out.println("bench: written to " + root.relativize(latest) + " only (docs/benchmarks.md is written by a"
                    + " full run of every benchmark at default sizes, or with --write)");
        }
        return failed == 0 ? 0 : 1;
    }

    /** Runs {@code command} with its output in {@code log}; null when it ended well, else why not. */
    private static String execute(List<String> command, Path directory, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return "stopped after " + timeout.toMinutes() + " min (the suite's time limit for it)";
        }
        return process.exitValue() == 0 ? null : "exit status " + process.exitValue() + " (see target/bench/"
                + log.getFileName() + ")";
    }

    static String usage() {
        StringBuilder text = new StringBuilder("""
                usage: ./bench [--quick] [--offline] [--write | --no-write] [BENCHMARK ...]

                Builds what the benchmarks need, runs them one after another (each in its own JVM: java on
                its module's test class path, or surefire), and writes their tables, every figure beside the
                raw limit measured in the same run, to target/bench/latest.md. A full run (every benchmark, default sizes) also
                replaces the section "Latest run of ./bench" of docs/benchmarks.md; --write makes a quick or
                partial run do that too, --no-write keeps a full run from it.

                  --quick     small sizes: a smoke run of a few minutes, not figures to compare
                  --offline   Maven offline (-o): everything already in ~/.m2
                  --help      this text

                Benchmarks (default sizes / --quick sizes):
                """);
        for (Benchmark benchmark : BENCHMARKS) {
            text.append(String.format(Locale.ROOT, "  %-13s %s%n  %13s %s%n  %13s %s%n", benchmark.id(), benchmark.title(),
                    "", String.join(" ", benchmark.full()), "", String.join(" ", benchmark.quick())));
        }
        if (!NOT_YET_RUN.isEmpty()) {
            text.append("\nNot run by ./bench yet (run by hand, see docs/benchmarks.md):\n");
            NOT_YET_RUN.forEach(name -> text.append("  ").append(name).append('\n'));
        }
        text.append("\nScale harness at 1,000,000 and 10,000,000 (hours): docs/scale-harness.sh, as before.\n");
        return text.toString();
    }

    private static String ids(List<Benchmark> benchmarks) {
        return String.join(", ", benchmarks.stream().map(Benchmark::id).toList());
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D+", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1048576.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: the JVM's view below
        }
        return "unknown";
    }

    private static String javaVersion() {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        try {
            Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            String[] lines = out.strip().split("\\R");
            return "`" + lines[0] + "`" + (lines.length > 1 ? " (" + lines[1].strip() + ")" : "");
        } catch (IOException e) {
            return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return System.getProperty("java.runtime.version");
        }
    }

    private static String commit(Path root) {
        try {
            String head = output(root, "git", "rev-parse", "--short", "HEAD");
            String changes = output(root, "git", "status", "--porcelain", "--untracked-files=no");
            return "`" + head + "`" + (changes.isEmpty() ? "" : " with local changes");
        } catch (IOException e) {
            return "unknown (no git)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String output(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
        return out;
    }

    /** The command line of {@code ./bench}. */
    record Options(boolean quick, boolean offline, Boolean write, boolean help, boolean checkOnly,
                   List<Benchmark> selected) {

        static Options parse(String... args) {
            boolean quick = false;
            boolean offline = false;
            boolean help = false;
            boolean checkOnly = false;
            Boolean write = null;
            Set<Benchmark> selected = new LinkedHashSet<>();
            for (String arg : args) {
                switch (arg) {
                    case "--quick" -> quick = true;
                    case "--offline" -> offline = true;
                    case "--write" -> write = true;
                    case "--no-write" -> write = false;
                    case "--help", "-h", "help" -> help = true;
                    case "--check" -> checkOnly = true;
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        selected.add(BENCHMARKS.stream().filter(b -> b.id().equals(arg)).findFirst().orElseThrow(
                                () -> new IllegalArgumentException("no benchmark " + arg + "; there are "
                                        + ids(BENCHMARKS))));
                    }
                }
            }
            List<Benchmark> ordered = selected.isEmpty() ? BENCHMARKS
                    : BENCHMARKS.stream().filter(selected::contains).toList();
            return new Options(quick, offline, write, help, checkOnly, ordered);
        }

        /** Whether docs/benchmarks.md is written: a full run at default sizes, unless told otherwise. */
        boolean writesPage() {
            return write != null ? write : !quick && selected.size() == BENCHMARKS.size();
        }
    }
}
