package jp.jukinet.provision.subscription.extract;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariDataSource;

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
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.RegisterSettings;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fresh national register on the test server, with the register's migrations and this
 * package's (V70, V71), filled through {@link ResidentRegister} as notices from the prefectures
 * would fill it.
 */
final class ExtractRegister implements AutoCloseable {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode SHINJUKU = LocalGovernmentCode.of("131041");
    static final LocalGovernmentCode OSAKA_KITA = LocalGovernmentCode.of("271276");

    final JsonMapper json = JukiNetJson.mapper();
    final JdbcTemplate template;
    final JdbcClient jdbc;
    final ResidentRegister register;
    final TestDatabase database;
    private final HikariDataSource dataSource;
    private final AtomicLong serial = new AtomicLong(1_000_000_000L);
    private Instant recordedAt = Instant.parse("2026-01-01T00:00:00Z");

    ExtractRegister(String name) {
        database = TestPostgres.createDatabase(name);
        database.migrate("classpath:db/register", "classpath:db/provision", "classpath:db/subscription");
        com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(5);
        pool.setMinimumIdle(1);
        dataSource = new HikariDataSource(pool);
        template = new JdbcTemplate(dataSource);
        jdbc = JdbcClient.create(template);
        register = new ResidentRegister(template, json, new RegisterSettings(Period.ofYears(150)));
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** A person born (出生) on {@code born} in {@code municipality}, registered with the birth. */
    IdentityInformation born(LocalDate born, LocalGovernmentCode municipality, String address) {
        long next = serial.incrementAndGet();
        IdentityInformation identity = new IdentityInformation(ResidentCode.fromSerial(next),
                MyNumber.fromData(next * 10 + 7), PersonName.of("山田", "太郎", "ヤマダ", "タロウ"), born,
                next % 2 == 0 ? Sex.MALE : Sex.FEMALE, new Address(address), municipality, ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, born, born));
        record(identity, null);
        return identity;
    }

    /** The person's next record, from a change for {@code reason} effective on {@code on}. */
    IdentityInformation change(IdentityInformation before, ChangeReason reason, LocalDate on, Address address) {
        IdentityInformation after = new IdentityInformation(before.residentCode(), before.myNumber(), before.name(),
                before.dateOfBirth(), before.sex(), address, before.municipality(),
                reason.removesResident() ? ResidentStatus.REMOVED : before.status(),
                new ChangeInformation(reason, on, on), before.residence());
        record(after, null);
        return after;
    }

    /** A change of resident code (住民票コードの変更) effective on {@code on}. */
    IdentityInformation newCode(IdentityInformation before, LocalDate on) {
        long next = serial.incrementAndGet();
        IdentityInformation after = new IdentityInformation(ResidentCode.fromSerial(next), before.myNumber(),
                before.name(), before.dateOfBirth(), before.sex(), before.address(), before.municipality(),
                before.status(), new ChangeInformation(ChangeReason.RESIDENT_CODE_CHANGE, on, on), before.residence());
        record(after, before.residentCode());
        return after;
    }

    /** Records {@code identity} as the next change (one hour after the last one recorded). */
    void record(IdentityInformation identity, ResidentCode previous) {
        recordedAt = recordedAt.plusSeconds(3_600);
        register.record(List.of(new RecordedChange(UUID.randomUUID(), NodeId.national(), null, recordedAt, identity,
                previous, null)));
    }

    /** A code no one holds. */
    ResidentCode unusedCode() {
        return ResidentCode.fromSerial(serial.incrementAndGet() + 5_000_000_000L);
    }

    static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    static Instant japan(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.ofHours(9));
    }
}
