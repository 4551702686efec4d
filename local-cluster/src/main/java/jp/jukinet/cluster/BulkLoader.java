package jp.jukinet.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.national.numbering.MyNumberDerivation;
import jp.jukinet.service.register.ResidentRegister;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts a synthetic population ({@link Population}, the local cluster's deterministic generator)
 * straight into every tier's store with PostgreSQL {@code COPY}, consistent across the tiers as
 * if each person had been registered at their CS and the notices had reached their prefecture and
 * J-LIS: the same records and the same birth change (same change id) at the CS, the prefecture and
 * J-LIS; the codes allocated to the CS in blocks at J-LIS ({@code resident_code_blocks},
 * {@code allocated_resident_codes}) and used up in the CS's pool; each person's My Number as J-LIS
 * derives it ({@link MyNumberDerivation}, counter moved on past a number already issued) and
 * recorded as issued. Nothing goes through the notice chain: the outboxes stay empty and the
 * sequences untouched, so the next notice of each CS is its next ordinary one.
 *
 * <p>What a registration writes besides and the loader does not: a household (世帯) per family,
 * the idempotency keys of the clerk's requests, and the provision records of nothing (a birth is
 * not a provision). Loaded people are in force (ACTIVE), at their first residence.
 *
 * <p>The stores must be migrated (their nodes started once) and hold none of this load's people;
 * the codes the loader gives are drawn from J-LIS's whole code space by a fixed permutation,
 * skipping any code J-LIS has already allocated, so a load beside registered people is safe.
 * The loader is not a registration path: it is for measuring the network at the size of a country
 * (docs/scale.md) and for starting a large local cluster without hours of notices.
 */
final class BulkLoader {

    /** People written per round: one COPY per table and node carries a chunk. */
    static final int CHUNK = 25_000;
    /** Codes per block, J-LIS's largest (resident_code_blocks_size). */
    static final int BLOCK = 100_000;

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final long CODE_SPACE = 10_000_000_000L;
    /** Odd and not a multiple of 5: coprime to 10¹⁰, so i ↦ (A·i + B) mod 10¹⁰ is a permutation. */
    private static final long PERMUTATION_FACTOR = 6_364_136_223L;

    /** Where one tier's node keeps its register. */
    record Stores(DataSource national, Map<String, DataSource> prefectures, Map<String, DataSource> municipalities) {
        Stores {
            Objects.requireNonNull(national, "national");
            prefectures = Map.copyOf(prefectures);
            municipalities = Map.copyOf(municipalities);
        }
    }

    /** What a load did, and how long it took. */
    record Report(long people, Map<String, Integer> perMunicipality, Duration elapsed) {
        double peoplePerSecond() {
            return people / Math.max(0.001, elapsed.toMillis() / 1000.0);
        }
    }

    private final long seed;
    private final MyNumberDerivation numbers;
    private final Instant now;
    private final Period retention;
    private final JsonMapper json = JukiNetJson.mapper();
    private java.nio.file.Path copiesDirectory;
    private boolean onlyKeepCopies;

    /**
     * @param seed          the population's seed (the same people for the same seed)
     * @param numberingKey  J-LIS's key of the My Number derivation ({@code jukinet.national.numbering.key})
     * @param now           when the load counts as registered (the records' time and day received)
     * @param retention     the register's retention ({@code jukinet.register.retention}, 150 years)
     */
    BulkLoader(long seed, byte[] numberingKey, Instant now, Period retention) {
        this.seed = seed;
        this.numbers = new MyNumberDerivation(numberingKey);
        this.now = now;
        this.retention = retention;
    }

    /**
     * Also writes every COPY's rows to {@code directory}/{@code node}/{@code table}.tsv (appended,
     * COPY's text format), so the same rows can be loaded by another tool ({@code psql \copy}) to
     * compare with: the benchmark's raw limit.
     */
    BulkLoader keepingCopiesIn(java.nio.file.Path directory) {
        this.copiesDirectory = directory;
        return this;
    }

    /**
     * Writes the rows a load of {@code total} people into fresh stores would COPY to
     * {@code directory} (as {@link #keepingCopiesIn}), and loads nothing.
     */
    void writeCopies(java.nio.file.Path directory, int total) {
        copiesDirectory = directory;
        onlyKeepCopies = true;
        try {
            load(null, total);
        } finally {
            onlyKeepCopies = false;
            copiesDirectory = null;
        }
    }

    /**
     * Loads {@code total} people, shared among the municipalities as {@link Population#shares}
     * says. Each chunk is committed at every node before the next is made, so a load cut short
     * leaves whole chunks (people present at every tier or at none) and is not resumed: load into
     * fresh stores.
     */
    Report load(Stores stores, int total) {
        Instant started = Instant.now();
        Population population = new Population(seed);
        int[] shares = Population.shares(total);
        Codes codes = new Codes(seed, stores == null ? null : JdbcClient.create(stores.national()));
        Map<String, Integer> loaded = new LinkedHashMap<>();
        ExecutorService copiers = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "bulk-load-copy");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int m = 0; m < shares.length; m++) {
                Topology.Municipality municipality = Topology.MUNICIPALITIES.get(m);
                DataSource cs = stores == null ? null : require(stores.municipalities(), municipality.code(), "CS");
                DataSource prefecture = stores == null ? null : require(stores.prefectures(), municipality.prefecture(), "prefecture");
                Chunk[] chunk = {new Chunk(municipality)};
                List<Future<?>> inFlight = new ArrayList<>();
                population.forEach(municipality.code(), shares[m], person -> {
                    chunk[0].add(person, codes);
                    if (chunk[0].size == CHUNK) {
                        await(inFlight);
                        inFlight.addAll(chunk[0].copy(copiers, cs, prefecture, stores == null ? null : stores.national()));
                        chunk[0] = new Chunk(municipality);
                    }
                });
                await(inFlight);
                if (chunk[0].size > 0) {
                    inFlight.addAll(chunk[0].copy(copiers, cs, prefecture, stores == null ? null : stores.national()));
                    await(inFlight);
                }
                loaded.put(municipality.code(), shares[m]);
            }
        } finally {
            copiers.shutdownNow();
        }
        return new Report(total, loaded, Duration.between(started, Instant.now()));
    }

    /**
     * The {@code i}-th candidate serial (ten data digits) of a load with {@code seed}: a fixed
     * permutation of J-LIS's code space, so the candidates never repeat and look drawn at random.
     */
    static long serialAt(long seed, long i) {
        long offset = Math.floorMod(new SplittableRandom(seed).nextLong(), CODE_SPACE);
        return Math.floorMod(PERMUTATION_FACTOR * i + offset, CODE_SPACE);
    }

    private static DataSource require(Map<String, DataSource> stores, String code, String what) {
        DataSource store = stores.get(code);
        if (store == null) {
            throw new IllegalArgumentException("no " + what + " store for " + code);
        }
        return store;
    }

    private static void await(List<Future<?>> futures) {
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a COPY of the load failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            futures.clear();
        }
    }

    /**
     * Resident codes and My Numbers, unique among themselves and against what J-LIS issued before
     * the load: codes by a permutation of the code space, numbers by J-LIS's derivation with the
     * counter moved on past a number already taken.
     */
    private final class Codes {
        private final long seed;
        private final LongSet allocatedBefore = new LongSet(1 << 10);
        private final LongSet issued = new LongSet(1 << 20);
        private long next;

        Codes(long seed, JdbcClient national) {
            this.seed = seed;
            if (national == null) {
                return; // rows for files only: fresh stores, nothing issued before
            }
            national.sql("SELECT resident_code FROM allocated_resident_codes").query(String.class)
                    .stream().forEach(code -> allocatedBefore.add(Long.parseLong(code.substring(0, 10))));
            national.sql("SELECT my_number FROM issued_my_numbers").query(String.class)
                    .stream().forEach(number -> issued.add(Long.parseLong(number)));
        }

        ResidentCode nextCode() {
            while (true) {
                long serial = serialAt(seed, next++);
                if (!allocatedBefore.contains(serial)) {
                    return ResidentCode.fromSerial(serial);
                }
            }
        }

        /** The number J-LIS would issue the code, and the derivation counter it took. */
        MyNumber numberFor(ResidentCode code, int[] counter) {
            for (int c = 0; ; c++) {
                MyNumber number = numbers.derive(code, c);
                if (issued.add(Long.parseLong(number.value()))) {
                    counter[0] = c;
                    return number;
                }
            }
        }
    }

    /** One chunk's rows of every table, in COPY's text format. */
    private final class Chunk {
        final Topology.Municipality municipality;
        final LocalGovernmentCode lg;
        final String csNode;
        final String prefectureNode;
        final Rows residents = new Rows();
        final Rows csHistory = new Rows();
        final Rows prefectureHistory = new Rows();
        final Rows nationalHistory = new Rows();
        final Rows blocks = new Rows();
        final Rows allocated = new Rows();
        final Rows issuedNumbers = new Rows();
        final Rows poolBlocks = new Rows();
        final Rows pool = new Rows();
        final String recordedAt = now.toString();
        final LocalDate today = LocalDate.ofInstant(now, JAPAN);
        final String retentionUntil = today.plus(retention).toString();
        int size;
        UUID block;
        int position;

        Chunk(Topology.Municipality municipality) {
            this.municipality = municipality;
            this.lg = LocalGovernmentCode.of(municipality.code());
            this.csNode = "cs-" + municipality.code();
            this.prefectureNode = "pref-" + municipality.prefecture();
        }

        void add(Population.Person person, Codes codes) {
            if (block == null || position == BLOCK) {
                startBlock();
            }
            ResidentCode code = codes.nextCode();
            int[] counter = {0};
            MyNumber number = codes.numberFor(code, counter);
            IdentityInformation identity = new IdentityInformation(code, number, person.name(), person.dateOfBirth(),
                    person.sex(), person.address(), lg, ResidentStatus.ACTIVE,
                    new ChangeInformation(ChangeReason.BIRTH, person.dateOfBirth(), today));
            String identityJson = json.writeValueAsString(identity);
            String changeId = uuid(person).toString();

            residents.row(code.value(), number.value(), municipality.prefecture(), municipality.code(),
                    ResidentRegister.normalizedName(identity), person.dateOfBirth().toString(), person.sex().name(),
                    ResidentStatus.ACTIVE.name(), identityJson, changeId, recordedAt, retentionUntil);
            history(csHistory, csNode, identity, identityJson, changeId);
            history(prefectureHistory, csNode, identity, identityJson, changeId);
            history(nationalHistory, prefectureNode, identity, identityJson, changeId);
            allocated.row(code.value(), municipality.code(), block.toString(), Integer.toString(position), recordedAt);
            issuedNumbers.row(number.value(), code.value(), Integer.toString(counter[0]), recordedAt, null);
            pool.row(block.toString(), Integer.toString(position), code.value());
            position++;
            size++;
        }

        private void history(Rows rows, String source, IdentityInformation identity, String identityJson, String changeId) {
            rows.row(changeId, identity.residentCode().value(), source, null, ChangeReason.BIRTH.name(),
                    identity.change().effectiveDate().toString(), identity.change().notifiedDate().toString(),
                    identityJson, null, recordedAt, retentionUntil, today.toString(),
                    identity.municipality().prefecture().value());
        }

        /** Blocks are closed when the chunk is written, with the number of codes they gave. */
        private void startBlock() {
            closeBlock();
            block = UUID.randomUUID();
            position = 0;
        }

        private void closeBlock() {
            if (block != null && position > 0) {
                blocks.row(block.toString(), UUID.randomUUID().toString(), municipality.code(), null, null,
                        Integer.toString(position), recordedAt);
                poolBlocks.row(block.toString(), Integer.toString(position), Integer.toString(position), recordedAt);
            }
        }

        /**
         * COPYs the chunk into its three nodes, one transaction each. A block that goes on into the
         * next chunk is closed here with what it gave so far and continues as a new block.
         */
        List<Future<?>> copy(ExecutorService copiers, DataSource cs, DataSource prefecture, DataSource national) {
            closeBlock();
            block = null;
            return List.of(
                    copiers.submit(() -> copyInto(csNode, cs, List.of(
                            new Copy("resident_code_pool_blocks (block_id, size, next_position, allocated_at)", poolBlocks),
                            new Copy("resident_code_pool (block_id, position, resident_code)", pool),
                            new Copy(RESIDENTS, residents),
                            new Copy(HISTORY, csHistory)))),
                    copiers.submit(() -> copyInto(prefectureNode, prefecture, List.of(
                            new Copy(RESIDENTS, residents),
                            new Copy(HISTORY, prefectureHistory)))),
                    copiers.submit(() -> copyInto("national", national, List.of(
                            new Copy("resident_code_blocks (block_id, request_id, municipality, first_serial, last_serial,"
                                    + " size, allocated_at)", blocks),
                            new Copy("allocated_resident_codes (resident_code, municipality, block_id, position,"
                                    + " allocated_at)", allocated),
                            new Copy("issued_my_numbers (my_number, resident_code, derivation_counter, issued_at,"
                                    + " retired_at)", issuedNumbers),
                            new Copy(RESIDENTS, residents),
                            new Copy(HISTORY, nationalHistory)))));
        }

        private UUID uuid(Population.Person person) {
            // (municipality, index) ↦ municipality·10⁹ + index is one-to-one, and so is xor with the seed
            SplittableRandom random = new SplittableRandom(
                    seed ^ (Long.parseLong(person.municipality()) * 1_000_000_000L + person.index()));
            long most = (random.nextLong() & ~0xF000L) | 0x4000L;
            long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(most, least);
        }
    }

    static final String RESIDENTS = "residents (resident_code, my_number, prefecture, municipality, normalized_name,"
            + " date_of_birth, sex, status, identity, last_change_id, updated_at, retention_until)";
    static final String HISTORY = "resident_history (change_id, resident_code, source, source_sequence, reason,"
            + " effective_date, notified_date, identity, previous_resident_code, recorded_at, retention_until, received_on,"
            + " prefecture)";

    private record Copy(String table, Rows rows) {
    }

    private void copyInto(String node, DataSource store, List<Copy> copies) {
        if (copiesDirectory != null) {
            keep(node, copies);
        }
        if (onlyKeepCopies) {
            return;
        }
        try (Connection connection = store.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                PGConnection pg = connection.unwrap(PGConnection.class);
                for (Copy copy : copies) {
                    if (copy.rows().count > 0) {
                        pg.getCopyAPI().copyIn("COPY " + copy.table() + " FROM STDIN", copy.rows().stream());
                    }
                }
                connection.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("COPY failed (SQLState " + e.getSQLState() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void keep(String node, List<Copy> copies) {
        try {
            java.nio.file.Path directory = java.nio.file.Files.createDirectories(copiesDirectory.resolve(node));
            for (Copy copy : copies) {
                String table = copy.table().substring(0, copy.table().indexOf(' '));
                java.nio.file.Files.write(directory.resolve(table + ".tsv"), copy.rows().bytes(),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows in COPY's text format: tab-separated, {@code \N} for null, backslash escapes. */
    static final class Rows {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        private final StringBuilder line = new StringBuilder(512);
        int count;

        void row(String... values) {
            line.setLength(0);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    line.append('\t');
                }
                String value = values[i];
                if (value == null) {
                    line.append("\\N");
                    continue;
                }
                for (int c = 0; c < value.length(); c++) {
                    char ch = value.charAt(c);
                    switch (ch) {
                        case '\\' -> line.append("\\\\");
                        case '\t' -> line.append("\\t");
                        case '\n' -> line.append("\\n");
                        case '\r' -> line.append("\\r");
                        default -> line.append(ch);
                    }
                }
            }
            line.append('\n');
            byte[] encoded = line.toString().getBytes(StandardCharsets.UTF_8);
            bytes.write(encoded, 0, encoded.length);
            count++;
        }

        ByteArrayInputStream stream() {
            return new ByteArrayInputStream(bytes.toByteArray());
        }

        /** The rows as written, for a comparison with {@code psql \copy} of the same rows. */
        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    /** A set of non-negative longs by open addressing: 10 million numbers in 128 MiB, no boxing. */
    static final class LongSet {
        private static final long EMPTY = -1;
        private long[] slots;
        private int size;

        LongSet(int capacity) {
            slots = new long[Integer.highestOneBit(Math.max(16, capacity) * 2 - 1) * 2];
            java.util.Arrays.fill(slots, EMPTY);
        }

        /** @return whether the value was new */
        boolean add(long value) {
            if ((size + 1) * 2 > slots.length) {
                grow();
            }
            int i = index(value);
            while (slots[i] != EMPTY) {
                if (slots[i] == value) {
                    return false;
                }
                i = (i + 1) & (slots.length - 1);
            }
            slots[i] = value;
            size++;
            return true;
        }

        boolean contains(long value) {
            int i = index(value);
            while (slots[i] != EMPTY) {
                if (slots[i] == value) {
                    return true;
                }
                i = (i + 1) & (slots.length - 1);
            }
            return false;
        }

        private int index(long value) {
            long h = value * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & (slots.length - 1);
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            java.util.Arrays.fill(slots, EMPTY);
            size = 0;
            for (long value : old) {
                if (value != EMPTY) {
                    add(value);
                }
            }
        }
    }
}
