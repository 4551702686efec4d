package jp.jukinet.service.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * The digests each tier keeps of its register (整合性確認, F8) against real PostgreSQL: kept by the
 * trigger equal to a full recomputation through births, moves, deaths, a change of resident code and
 * a retention purge; and the comparison of two tiers names exactly the residents changed by SQL at one
 * of them, reading no bucket when the tiers agree.
 */
class RegisterDigestsTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    static final NodeId PREF_13 = NodeId.of("pref-13");
    static final NodeId PREF_27 = NodeId.of("pref-27");
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
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement statement = connection.createStatement()) {
            statement.execute(script("/db/register/V1__register.sql"));
            statement.execute(script("/db/register/V50__retention_from_day_received.sql"));
            statement.execute(script("/db/register/V83__register_digests.sql"));
        }
        JdbcTemplate jdbc = new JdbcTemplate(
                new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
        return new Tier(jdbc, new ResidentRegister(jdbc, JukiNetJson.mapper(), new RegisterSettings(Period.ofYears(150))),
                new RegisterDigests(JdbcClient.create(jdbc)));
    }

    @Test
    void keptDigestsEqualAFullRecomputationThroughEveryKindOfChange() {
        Tier tier = national;
        List<IdentityInformation> people = new ArrayList<>();
        Instant longAgo = Instant.now().minus(Duration.ofDays(366L * 151));
        for (int i = 0; i < 40; i++) {
            IdentityInformation born = born(CHIYODA);
            people.add(born);
            // the first five were received more than 150 years ago: the purge below removes them
            tier.register().record(List.of(change(PREF_13, born, i < 5 ? longAgo : Instant.now(), null)));
        }
        assertKeptEqualsRecomputed(tier);

        // moves: 転出 at Chiyoda, 転入 at Osaka (the record changes municipality), in both orders
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
        // deaths
        for (int i = 20; i < 25; i++) {
            IdentityInformation person = people.get(i);
            record(tier, PREF_13, new IdentityInformation(person.residentCode(), person.myNumber(), person.name(),
                    person.dateOfBirth(), person.sex(), person.address(), CHIYODA, ResidentStatus.REMOVED,
                    new ChangeInformation(ChangeReason.DEATH, DAY, DAY)));
        }
        // a change of resident code: the record moves to another bucket
        IdentityInformation person = people.get(30);
        ResidentCode newCode = ResidentCode.random(random);
        IdentityInformation recoded = new IdentityInformation(newCode, person.myNumber(), person.name(),
                person.dateOfBirth(), person.sex(), person.address(), CHIYODA, ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.RESIDENT_CODE_CHANGE, DAY, DAY));
        tier.register().record(List.of(change(PREF_13, recoded, Instant.now(), person.residentCode())));
        assertKeptEqualsRecomputed(tier);

        int removed = tier.register().purgeExpired(LocalDate.now(ResidentRegister.JAPAN));
        assertThat(removed).isEqualTo(10); // five history rows, five records
        assertKeptEqualsRecomputed(tier);
        assertThat(tier.jdbc().queryForObject("SELECT sum(residents) FROM register_digests", Long.class))
                .isEqualTo(tier.jdbc().queryForObject("SELECT count(*) FROM residents", Long.class)).isEqualTo(35L);
    }

    @Test
    void theComparisonNamesEachResidentChangedBySqlAndHow() {
        List<IdentityInformation> people = new ArrayList<>();
        List<RecordedChange> births = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            IdentityInformation born = born(CHIYODA);
            people.add(born);
            births.add(change(PREF_13, born, Instant.now(), null));
        }
        // both tiers receive the same changes (the same change ids)
        national.register().record(births);
        prefecture.register().record(births);
        RecordedChange rename = change(PREF_13, renamed(people.get(3)), Instant.now(), null);
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
        RecordedChange ahead = change(PREF_13, renamed(people.get(4)), Instant.now(), null);
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
        // the SQL changes moved the digests with them (the trigger), so each tier still equals its recomputation
        assertKeptEqualsRecomputed(national);
        assertKeptEqualsRecomputed(prefecture);
    }

    @Test
    void equalTiersCompareEqualReadingOnlyTheMunicipalityDigest() {
        List<RecordedChange> births = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            births.add(change(PREF_13, born(CHIYODA), Instant.now(), null));
        }
        national.register().record(births);
        prefecture.register().record(births);
        Counting a = new Counting(prefecture.digests());
        Counting b = new Counting(national.digests());

        ConsistencyCheck.Result result = new ConsistencyCheck().compare(CHIYODA, a, b);

        assertThat(result.equal()).isTrue();
        assertThat(result.discrepancies()).isEmpty();
        assertThat(a.deeper.get() + b.deeper.get()).isZero();
        assertThat(national.digests().municipalityDigest(CHIYODA)).isNotEqualTo(DigestSource.EMPTY);
        assertThat(national.digests().municipalityDigest(OSAKA)).isEqualTo(DigestSource.EMPTY);
    }

    @Test
    void theMigrationComputesTheDigestsOfRecordsAlreadyHeld() throws Exception {
        TestDatabase database = TestPostgres.createDatabase("digests_migration");
        JdbcTemplate jdbc = new JdbcTemplate(
                new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
        jdbc.execute(script("/db/register/V1__register.sql"));
        jdbc.execute(script("/db/register/V50__retention_from_day_received.sql"));
        ResidentRegister register = new ResidentRegister(jdbc, JukiNetJson.mapper(),
                new RegisterSettings(Period.ofYears(150)));
        for (int i = 0; i < 25; i++) {
            register.record(List.of(change(PREF_13, born(i % 2 == 0 ? CHIYODA : OSAKA), Instant.now(), null)));
        }
        jdbc.execute(script("/db/register/V83__register_digests.sql"));
        assertKeptEqualsRecomputed(new Tier(jdbc, register, new RegisterDigests(JdbcClient.create(jdbc))));
    }

    private void assertKeptEqualsRecomputed(Tier tier) {
        for (LocalGovernmentCode municipality : List.of(CHIYODA, OSAKA)) {
            Map<String, String> recomputed = tier.digests().recomputedBucketDigests(municipality);
            assertThat(tier.digests().bucketDigests(municipality)).isEqualTo(recomputed);
            byte[] xor = new byte[32];
            recomputed.values().forEach(hex -> {
                byte[] bucket = HexFormat.of().parseHex(hex);
                for (int i = 0; i < 32; i++) {
                    xor[i] ^= bucket[i];
                }
            });
            assertThat(tier.digests().municipalityDigest(municipality)).isEqualTo(HexFormat.of().formatHex(xor));
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
        public String municipalityDigest(LocalGovernmentCode municipality) {
            return inner.municipalityDigest(municipality);
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

        @Override
        public List<UUID> changeIds(String residentCode) {
            deeper.incrementAndGet();
            return inner.changeIds(residentCode);
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
        tier.register().record(List.of(change(source, identity, Instant.now(), null)));
    }

    private RecordedChange change(NodeId source, IdentityInformation identity, Instant at, ResidentCode previous) {
        return new RecordedChange(UUID.randomUUID(), source, ++sequence, at, identity, previous, null);
    }

    private static String script(String resource) throws IOException {
        try (InputStream in = RegisterDigestsTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
