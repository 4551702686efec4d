package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

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
import jp.jukinet.model.provision.FourInfo;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.provision.IdentityLookups;
import jp.jukinet.provision.StoredPerson;

/**
 * Lookups read each person as the components PostgreSQL takes out of the stored identity
 * information: every component must come back as it was registered, the optional ones and a later
 * residence included, whichever statement (one key, many keys, 4 info) found the person.
 */
class IdentityLookupsTest extends MtlsProvisionTest {

    private static final String BASIS = "nenkin-30-9-same-address";

    @Autowired
    IdentityLookups lookups;

    @Test
    void readsEveryComponentBackAsItWasRegistered() {
        IdentityInformation withFormerSurname = new IdentityInformation(ResidentCode.fromSerial(6_000_000_001L),
                MyNumber.fromData(6_000_000_001L * 7 + 3), new PersonName("山田", "花子", "ヤマダ", "ハナコ", "佐藤", null),
                LocalDate.of(1990, 4, 1), Sex.FEMALE, new Address("東京都千代田区千代田1番1号 \"A\" 𠮷"),
                LocalGovernmentCode.of("131016"), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.MOVE_IN, LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 3)), 3);
        IdentityInformation removedWithAlias = new IdentityInformation(ResidentCode.fromSerial(6_000_000_002L),
                MyNumber.fromData(6_000_000_002L * 7 + 3), new PersonName("SMITH", "JOHN", "スミス", "ジョン", null, "鈴木一郎"),
                LocalDate.of(1970, 12, 31), Sex.MALE, new Address("東京都千代田区丸の内1丁目1番"),
                LocalGovernmentCode.of("131016"), ResidentStatus.REMOVED,
                new ChangeInformation(ChangeReason.DEATH, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2)));
        register(withFormerSurname, removedWithAlias);

        for (IdentityInformation identity : List.of(withFormerSurname, removedWithAlias)) {
            assertThat(only(lookups.find(List.of(LookupRequest.byResidentCode(BASIS, identity.residentCode())))))
                    .isEqualTo(identity);
            assertThat(only(lookups.find(List.of(LookupRequest.byMyNumber(BASIS, identity.myNumber())))))
                    .isEqualTo(identity);
            assertThat(only(lookups.find(List.of(LookupRequest.byFourInfo(BASIS, new FourInfo(
                    identity.name().fullName(), identity.dateOfBirth(), identity.address().text(), identity.sex()))))))
                    .isEqualTo(identity);
        }
        List<List<StoredPerson>> both = lookups.find(List.of(
                LookupRequest.byResidentCode(BASIS, withFormerSurname.residentCode()),
                LookupRequest.byMyNumber(BASIS, removedWithAlias.myNumber()),
                LookupRequest.byResidentCode(BASIS, removedWithAlias.residentCode()),
                LookupRequest.byMyNumber(BASIS, withFormerSurname.myNumber())));
        assertThat(both).extracting(people -> people.get(0).identity())
                .containsExactly(withFormerSurname, removedWithAlias, removedWithAlias, withFormerSurname);
    }

    private static IdentityInformation only(List<List<StoredPerson>> found) {
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).hasSize(1);
        return found.get(0).get(0).identity();
    }
}
