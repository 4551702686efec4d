package jp.jukinet.national.numbering;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * The national server with mutual TLS, as production runs it: numbering requests arrive through
 * the gateway (its certificate, and the prefecture server it verified in {@code X-JukiNet-Caller}).
 * The numbering test classes share this one context and database.
 */
@ServiceIntegrationTest
abstract class MtlsNumberingTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode SHIBUYA = LocalGovernmentCode.of("131130");
    static final LocalGovernmentCode YOKOHAMA = LocalGovernmentCode.of("141003");
    static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    static final LocalGovernmentCode SAPPORO = LocalGovernmentCode.of("011002");

    @DynamicPropertySource
    static void pki(DynamicPropertyRegistry registry) {
        TestPki.registerNode(registry, "national");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ResidentRegister register;

    @Autowired
    MeterRegistry meters;

    NumberingApi api() {
        return new NumberingApi("https://localhost:" + port);
    }

    /**
     * Puts the person of {@code code} in the national register, in {@code municipality}, as a notice
     * from its prefecture would: the register is what J-LIS decides ownership from.
     */
    void hold(ResidentCode code, MyNumber number, LocalGovernmentCode municipality, ResidentStatus status, int residence) {
        IdentityInformation identity = new IdentityInformation(code, number, PersonName.of("山田", "花子", "ヤマダ", "ハナコ"),
                LocalDate.of(1990, 1, 1), Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), municipality, status,
                new ChangeInformation(status == ResidentStatus.ACTIVE ? ChangeReason.MOVE_IN : ChangeReason.DEATH,
                        LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 1)), residence);
        transactions.executeWithoutResult(tx -> register.record(List.of(new RecordedChange(UUID.randomUUID(),
                NodeId.of("pref-" + municipality.prefecture().value()), null, Instant.now(), identity, null, null))));
    }

    /** How many numbering requests J-LIS refused for {@code reason} so far, on every route. */
    double refused(String reason) {
        return meters.find(NumberingOwnership.REFUSED).tag("reason", reason).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    long rowsOf(ResidentCode code) {
        return jdbc.sql("SELECT count(*) FROM issued_my_numbers WHERE resident_code = ?")
                .param(code.value()).query(Long.class).single();
    }

    MyNumber currentNumber(ResidentCode code) {
        return MyNumber.of(jdbc.sql("SELECT my_number FROM issued_my_numbers WHERE resident_code = ? AND retired_at IS NULL")
                .param(code.value()).query(String.class).single());
    }

    boolean recorded(UUID requestId) {
        return jdbc.sql("SELECT count(*) FROM my_number_requests WHERE request_id = ?").param(requestId)
                .query(Long.class).single() == 1;
    }
}
