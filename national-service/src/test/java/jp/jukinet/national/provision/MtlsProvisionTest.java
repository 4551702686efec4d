package jp.jukinet.national.provision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

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
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.testsupport.ServiceIntegrationTest;
import jp.jukinet.testsupport.TestPki;

/**
 * The national server with mutual TLS, as production runs it: agencies and residents reach it
 * through the gateway, which presents its own certificate and passes the caller it verified. The
 * provision test classes share this one context (and database), so each uses residents of its own
 * serial range. Provision's clock starts at 2026-12-01 12:00 Japan time.
 */
@ServiceIntegrationTest
@Import(MtlsProvisionTest.TestClock.class)
abstract class MtlsProvisionTest {

    static final Instant START = Instant.parse("2026-12-01T03:00:00Z");

    @DynamicPropertySource
    static void pki(DynamicPropertyRegistry registry) {
        TestPki.registerNode(registry, "national");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(START);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ResidentRegister register;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    String baseUrl() {
        return "https://localhost:" + port;
    }

    /** A caller as the gateway passes it: the gateway's certificate and the identity it verified. */
    RestClient through(String caller) {
        return TestPki.throughGateway(baseUrl(), caller);
    }

    IdentityInformation person(long serial, String family, String given, String familyKana, String givenKana,
                               LocalDate born, Sex sex, String address) {
        return new IdentityInformation(ResidentCode.fromSerial(serial), MyNumber.fromData(serial * 7 + 3),
                PersonName.of(family, given, familyKana, givenKana), born, sex, new Address(address),
                LocalGovernmentCode.of("131016"), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.MOVE_WITHIN, LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 1)));
    }

    IdentityInformation removed(IdentityInformation identity) {
        return new IdentityInformation(identity.residentCode(), identity.myNumber(), identity.name(),
                identity.dateOfBirth(), identity.sex(), identity.address(), identity.municipality(),
                ResidentStatus.REMOVED, new ChangeInformation(ChangeReason.DEATH, LocalDate.of(2026, 10, 1),
                LocalDate.of(2026, 10, 2)));
    }

    /** Puts people in the register as a notice from prefecture 13 would. */
    void register(IdentityInformation... people) {
        transactions.executeWithoutResult(status -> register.record(java.util.Arrays.stream(people)
                .map(identity -> new RecordedChange(UUID.randomUUID(), NodeId.of("pref-13"), null, Instant.now(),
                        identity, null, null))
                .toList()));
    }

    long recordCount() {
        return jdbc.sql("SELECT count(*) FROM provision_records").query(Long.class).single();
    }

    List<java.util.Map<String, Object>> recordsAbout(ResidentCode code) {
        return jdbc.sql("SELECT * FROM provision_records WHERE resident_code = :code ORDER BY seq")
                .param("code", code.value()).query().listOfRows();
    }
}
