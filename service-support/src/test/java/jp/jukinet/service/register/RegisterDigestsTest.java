package jp.jukinet.service.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.register.ConsistencyCheck.Kind;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * The register digests computed at check time (整合性確認, F8) against real PostgreSQL: equal to a
 * recomputation in Java through births, moves, deaths and a change of resident code, read by an
 * index-only scan of the covering index; the comparison of two tiers names exactly the residents
 * changed by SQL at one of them, and how, reading no bucket when the tiers agree; a RESYNC replaces
 * the record, once, keeping what it replaced.
 */
class RegisterDigestsTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    static final NodeId PREF_13 = NodeId.of("pref-13");
    static final NodeId PREF_27 = NodeId.of("pref-27");
    static final NodeId CS = NodeId.of("cs-131016");
    static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    private final Random random = new Random(15);
    private long sequence;

    record Tier(JdbcTemplate jdbc, ResidentRegister register, RegisterDigests digests) {
    }

    private Tier national;
    private Tier prefecture;

    @BeforeEach
    void freshTiers() throws Exception {
        national = tier("digests_a");
        prefecture = tier("digests_b");
    }

    private static Tier tier(String name) throws Exception {
        TestDatabase database = TestPostgres.createDatabase(name);
        JdbcTemplate jdbc = new JdbcTemplate(
                new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
        database.migrate("classpath:db/register");
        return new Tier(jdbc, new ResidentRegister(jdbc, JukiNetJson.mapper(), new RegisterSettings(Period.ofYears(150))),
                new RegisterDigests(JdbcClient.create(jdbc)));
    }

    @Test
    void digestsEqualARecomputationThroughEveryKindOfChangeAndAreReadFromTheIndexAlone() {
        Tier tier = national;
        List<IdentityInformation> people = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            IdentityInformation born = born(CHIYODA);
            people.add(born);
            record(tier, PREF_13, born);
        }
        assertDigestsEqualRecomputed(tier);

        // moves: 転出 at Chiyoda, 転入 at Osaka, in both orders; a 転出 whose 転入 has not arrived is not
        // covered at Chiyoda (the destination checks the person)
        for (int i = 10; i < 20; i++) {
            IdentityInformation person = people.get(i);
            IdentityInformation out = person.movedOut(OSAKA, new ChangeInformation(ChangeReason.MOVE_OUT, DAY, DAY));
            IdentityInformation in = person.movedIn(OSAKA, new Address("大阪府大阪市北区中之島1丁目3番20号"),
                    new ChangeInformation(ChangeReason.MOVE_IN, DAY, DAY));
            if (i % 2 == 0) {
                record(tier, PREF_13, out);
                record(tier, PREF_27, in);
            } else {
                record(tier, PREF_27, in);
                record(tier, PREF_13, out);
            }
        }
        record(tier, PREF_13, people.get(25).movedOut(OSAKA, new ChangeInformation(ChangeReason.MOVE_OUT, DAY, DAY)));
        // deaths: removed records are covered, with their status
        for (int i = 20; i < 25; i++) {
            IdentityInformation person = people.get(i);
            record(tier, PREF_13, new IdentityInformation(person.residentCode(), person.myNumber(), person.name(),
                    person.dateOfBirth(), person.sex(), person.address(), CHIYODA, ResidentStatus.REMOVED,
                    new ChangeInformation(ChangeReason.DEATH, DAY, DAY)));
        }
        // a change of resident code: the record moves to another bucket
        IdentityInformation person = people.get(30);
        IdentityInformation recoded = new IdentityInformation(ResidentCode.random(random), person.myNumber(),
                person.name(), person.dateOfBirth(), person.sex(), person.address(), CHIYODA, ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.RESIDENT_CODE_CHANGE, DAY, DAY));
        tier.register().record(List.of(change(PREF_13, recoded, person.residentCode())));
        assertDigestsEqualRecomputed(tier);
        assertThat(tier.digests().summary(CHIYODA).residents()).isEqualTo(40 - 10 - 1);
        assertThat(tier.digests().summary(OSAKA).residents()).isEqualTo(10);

        // the check reads the covering index only: one index-only scan of the municipality's range
        tier.jdbc().execute("VACUUM ANALYZE residents");
        // (on a table this small the planner would read the heap: it is told not to, in this connection)
        String plan = tier.jdbc().execute((org.springframework.jdbc.core.ConnectionCallback<String>) connection -> {
            StringBuilder lines = new StringBuilder();
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SET enable_seqscan = off");
                try (java.sql.ResultSet rows = statement.executeQuery("""
                        EXPLAIN SELECT left(resident_code, 4), bit_xor(register_digest_leaf(resident_code, last_change_id, status))
                        FROM residents WHERE municipality = CAST('131016' AS bpchar) AND\s""" + RegisterDigests.COVERED
                        + " GROUP BY 1")) {
                    while (rows.next()) {
                        lines.append(rows.getString(1)).append('\n');
                    }
                }
            }
            return lines.toString();
        });
        assertThat(plan).contains("Index Only Scan using residents_digest");
    }

    @Test
    void theComparisonNamesEachResidentChangedBySqlAndHow() {
        List<IdentityInformation> people = new ArrayList<>();
        List<RecordedChange> births = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            IdentityInformation born = born(CHIYODA);
            people.add(born);
            births.add(change(PREF_13, born, null));
        }
        // both tiers receive the same changes (the same change ids)
        national.register().record(births);
        prefecture.register().record(births);
        RecordedChange rename = change(PREF_13, renamed(people.get(3)), null);
        national.register().record(List.of(rename));
        prefecture.register().record(List.of(rename));
        ConsistencyCheck check = new ConsistencyCheck();
        assertThat(check.compare(CHIYODA, prefecture.digests(), national.digests()).equal()).isTrue();

        String missing = code(people.get(0));
        national.jdbc().update("DELETE FROM residents WHERE resident_code = ?", missing);
        String extra = ResidentCode.random(random).value();
        UUID extraChange = UUID.randomUUID();
        national.jdbc().update("""
                INSERT INTO residents (resident_code, my_number, prefecture, municipality, normalized_name, date_of_birth,
                                       sex, status, identity, last_change_id, updated_at, retention_until)
                SELECT ?, ?, prefecture, municipality, normalized_name, date_of_birth, sex, status, identity, ?,
                       updated_at, retention_until
                FROM residents WHERE resident_code = ?""",
                extra, MyNumber.random(random).value(), extraChange, code(people.get(1)));
        String corrupted = code(people.get(2));
        national.jdbc().update("UPDATE residents SET status = 'REMOVED' WHERE resident_code = ?", corrupted);
        // the national record of people[3] set back to the change before the rename
        String older = code(people.get(3));
        national.jdbc().update("UPDATE residents SET last_change_id = ? WHERE resident_code = ?",
                births.get(3).changeId(), older);
        // a change the national server recorded that the prefecture never did
        String newer = code(people.get(4));
        RecordedChange ahead = change(PREF_13, renamed(people.get(4)), null);
        national.register().record(List.of(ahead));
        // a foreign change id, ordered by neither history
        String unrelated = code(people.get(5));
        UUID foreign = UUID.randomUUID();
        national.jdbc().update("UPDATE residents SET last_change_id = ? WHERE resident_code = ?", foreign, unrelated);

        ConsistencyCheck.Result result = check.compare(CHIYODA, prefecture.digests(), national.digests());

        assertThat(result.equal()).isFalse();
        assertThat(result.discrepancies())
                .extracting(ConsistencyCheck.Discrepancy::residentCode, ConsistencyCheck.Discrepancy::kind,
                        ConsistencyCheck.Discrepancy::authoritativeChangeId,
                        ConsistencyCheck.Discrepancy::otherChangeId)
                .containsExactlyInAnyOrder(
                        tuple(missing, Kind.MISSING, births.get(0).changeId(), null),
                        tuple(extra, Kind.EXTRA, null, extraChange),
                        tuple(corrupted, Kind.DIFFERS, births.get(2).changeId(), births.get(2).changeId()),
                        tuple(older, Kind.OLDER, rename.changeId(), births.get(3).changeId()),
                        tuple(newer, Kind.NEWER, births.get(4).changeId(), ahead.changeId()),
                        tuple(unrelated, Kind.DIFFERS, births.get(5).changeId(), foreign));
        assertThat(result.discrepancies()).filteredOn(d -> d.residentCode().equals(corrupted))
                .extracting(ConsistencyCheck.Discrepancy::authoritativeStatus, ConsistencyCheck.Discrepancy::otherStatus)
                .containsExactly(tuple("ACTIVE", "REMOVED"));
        // only the buckets of those residents were read
        assertThat(result.differingBuckets()).containsExactlyInAnyOrderElementsOf(
                List.of(missing, extra, corrupted, older, newer, unrelated).stream()
                        .map(code -> code.substring(0, 4)).distinct().toList());
        assertDigestsEqualRecomputed(national);
        assertDigestsEqualRecomputed(prefecture);
    }

    @Test
    void equalTiersCompareEqualReadingOnlyTheMunicipalityDigest() {
        List<RecordedChange> births = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            births.add(change(PREF_13, born(CHIYODA), null));
        }
        national.register().record(births);
        prefecture.register().record(births);
        Counting a = new Counting(prefecture.digests());
        Counting b = new Counting(national.digests());

        ConsistencyCheck.Result result = new ConsistencyCheck().compare(CHIYODA, a, b);

        assertThat(result.equal()).isTrue();
        assertThat(result.discrepancies()).isEmpty();
        assertThat(a.deeper.get() + b.deeper.get()).isZero();
        assertThat(national.digests().summary(CHIYODA).digest()).isNotEqualTo(DigestSource.EMPTY);
        assertThat(national.digests().summary(OSAKA)).isEqualTo(new DigestSource.Summary(DigestSource.EMPTY, 0));
    }

    @Test
    void aResyncReplacesTheRecordOnceAndKeepsWhatItReplaced() {
        IdentityInformation person = born(CHIYODA);
        RecordedChange birth = change(CS, person, null);
        RecordedChange rename = change(CS, renamed(person), null);
        prefecture.register().record(List.of(birth, rename));
        national.register().record(List.of(birth));
        national.jdbc().update("UPDATE residents SET status = 'REMOVED' WHERE resident_code = ?", code(person));

        UUID resync = UUID.randomUUID();
        assertThat(national.register().resync(resync, PREF_13, 77, Instant.now(), rename.identity(), rename.changeId()))
                .isTrue();
        assertThat(national.register().resync(resync, PREF_13, 77, Instant.now(), rename.identity(), rename.changeId()))
                .as("the same RESYNC again changes nothing").isFalse();

        assertThat(new ConsistencyCheck().compare(CHIYODA, prefecture.digests(), national.digests()).equal()).isTrue();
        // the change it lacked is in its history now; the replaced record is kept beside the RESYNC
        assertThat(national.register().history(person.residentCode())).extracting(HistoryEntry::changeId)
                .containsExactly(birth.changeId(), rename.changeId());
        Map<String, Object> kept = national.jdbc().queryForMap(
                "SELECT replaced_change_id, replaced_status, replaced, source_sequence FROM register_resyncs WHERE change_id = ?",
                resync);
        assertThat(kept).containsEntry("replaced_change_id", birth.changeId()).containsEntry("replaced_status", "REMOVED")
                .containsEntry("replaced", true).containsEntry("source_sequence", 77L);

        // a record of a newer residence is not replaced by an older one's RESYNC: kept, and said so
        IdentityInformation moved = renamed(person).movedIn(OSAKA, new Address("大阪府大阪市北区中之島1丁目3番20号"),
                new ChangeInformation(ChangeReason.MOVE_IN, DAY, DAY));
        national.register().record(List.of(change(PREF_27, moved, null)));
        UUID late = UUID.randomUUID();
        national.register().resync(late, PREF_13, 78, Instant.now(), rename.identity(), rename.changeId());
        assertThat(national.register().find(person.residentCode()).orElseThrow().municipality()).isEqualTo(OSAKA);
        assertThat(national.jdbc().queryForObject("SELECT replaced FROM register_resyncs WHERE change_id = ?",
                Boolean.class, late)).isFalse();
    }

    /** The digests recomputed in Java from the rows: XOR of the first 8 bytes of MD5(code ‖ change id ‖ status). */
    private void assertDigestsEqualRecomputed(Tier tier) {
        for (LocalGovernmentCode municipality : List.of(CHIYODA, OSAKA)) {
            Map<String, Long> buckets = new TreeMap<>();
            long[] all = {0};
            tier.jdbc().query("""
                            SELECT resident_code, last_change_id, status FROM residents
                            WHERE municipality = ? AND identity -> 'change' ->> 'reason' <> 'MOVE_OUT'""",
                    row -> {
                        String code = row.getString(1).trim();
                        long leaf = leaf(code + row.getString(2) + row.getString(3));
                        buckets.merge(code.substring(0, 4), leaf, (x, y) -> x ^ y);
                        all[0] ^= leaf;
                    }, municipality.value());
            Map<String, String> hex = new TreeMap<>();
            buckets.forEach((bucket, digest) -> hex.put(bucket, String.format("%016x", digest)));
            assertThat(tier.digests().bucketDigests(municipality)).isEqualTo(hex);
            assertThat(tier.digests().summary(municipality).digest()).isEqualTo(String.format("%016x", all[0]));
        }
    }

    private static long leaf(String text) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(md5, 0, 8).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the reads below the municipality digest. */
    static final class Counting implements DigestSource {
        final DigestSource inner;
        final AtomicInteger deeper = new AtomicInteger();

        Counting(DigestSource inner) {
            this.inner = inner;
        }

        @Override
        public Summary summary(LocalGovernmentCode municipality) {
            return inner.summary(municipality);
        }

        @Override
        public Map<String, String> bucketDigests(LocalGovernmentCode municipality) {
            deeper.incrementAndGet();
            return inner.bucketDigests(municipality);
        }

        @Override
        public Map<String, Leaf> bucket(LocalGovernmentCode municipality, String bucket) {
            deeper.incrementAndGet();
            return inner.bucket(municipality, bucket);
        }
    }

    private IdentityInformation born(LocalGovernmentCode municipality) {
        return new IdentityInformation(ResidentCode.random(random), MyNumber.random(random),
                PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), LocalDate.of(1990, 1, 1), Sex.FEMALE,
                new Address("東京都千代田区千代田1番1号"), municipality, ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(1990, 1, 1), LocalDate.of(1990, 1, 2)));
    }

    private static IdentityInformation renamed(IdentityInformation person) {
        return new IdentityInformation(person.residentCode(), person.myNumber(), PersonName.of("佐藤", "花子", "サトウ", "ハナコ"),
                person.dateOfBirth(), person.sex(), person.address(), person.municipality(), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.NAME_CHANGE, DAY, DAY));
    }

    private static String code(IdentityInformation person) {
        return person.residentCode().value();
    }

    private void record(Tier tier, NodeId source, IdentityInformation identity) {
        tier.register().record(List.of(change(source, identity, null)));
    }

    private RecordedChange change(NodeId source, IdentityInformation identity, ResidentCode previous) {
        return new RecordedChange(UUID.randomUUID(), source, ++sequence, Instant.now(), identity, previous, null);
    }

}
