package jp.jukinet.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.LookupResult;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;

/**
 * A batch writes provisions from the stored components without the model: it must write exactly
 * what the model would (OWASP API3: a field outside the rule absent, never null-filled), for every
 * rule there could be.
 */
class StoredPersonTest {

    private static final List<IdentityInformation> PEOPLE = List.of(
            new IdentityInformation(ResidentCode.fromSerial(1_234_567_890L), MyNumber.fromData(12_345_678_901L),
                    new PersonName("山田", "花子", "ヤマダ", "ハナコ", "佐藤", null), LocalDate.of(1990, 4, 1), Sex.FEMALE,
                    new Address("東京都千代田区千代田1番1号"), LocalGovernmentCode.of("131016"), ResidentStatus.ACTIVE,
                    new ChangeInformation(ChangeReason.MOVE_WITHIN, LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 2))),
            new IdentityInformation(ResidentCode.fromSerial(2_234_567_890L), MyNumber.fromData(22_345_678_901L),
                    new PersonName("SMITH", "JOHN", "スミス", "ジョン", null, "鈴木一郎"), LocalDate.of(1970, 12, 31), Sex.MALE,
                    new Address("大阪府大阪市北区\"梅田\" 1-1 \\ 𠮷野家ビル"), LocalGovernmentCode.of("271276"),
                    ResidentStatus.REMOVED,
                    new ChangeInformation(ChangeReason.DEATH, LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 6)), 2),
            new IdentityInformation(ResidentCode.fromSerial(3_234_567_890L), MyNumber.fromData(32_345_678_901L),
                    PersonName.of("髙橋", "一", "タカハシ", "ハジメ"), LocalDate.of(2001, 2, 3), Sex.MALE,
                    new Address("北海道札幌市中央区北1条西2丁目"), LocalGovernmentCode.of("011002"), ResidentStatus.ACTIVE,
                    new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(2001, 2, 3), LocalDate.of(2001, 2, 5))));

    private static final ObjectWriter MODEL = JukiNetJson.mapper().writerFor(LookupResult.class);

    @Test
    void writesWhatTheModelWritesForEverySubsetOfFields() {
        IdentityField[] all = IdentityField.values();
        int checked = 0;
        for (IdentityInformation identity : PEOPLE) {
            StoredPerson person = StoredPerson.of(identity);
            for (int mask = 0; mask < 1 << all.length; mask++) {
                Set<IdentityField> fields = EnumSet.noneOf(IdentityField.class);
                for (int f = 0; f < all.length; f++) {
                    if ((mask & 1 << f) != 0) {
                        fields.add(all[f]);
                    }
                }
                String expected = new String(MODEL.writeValueAsBytes(LookupResult.provided(identity, fields).atLine(42)),
                        StandardCharsets.UTF_8);
                assertThat(written(person, fields)).as("fields %s", fields).isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(PEOPLE.size() * 1024);
    }

    @Test
    void leavesTheMyNumberOutUnlessTheRuleAllowsIt() {
        IdentityInformation hanako = PEOPLE.get(0);
        Set<IdentityField> allButNumber = EnumSet.complementOf(EnumSet.of(IdentityField.MY_NUMBER));
        assertThat(written(StoredPerson.of(hanako), allButNumber))
                .doesNotContain(hanako.myNumber().value()).doesNotContain("myNumber")
                .doesNotContain("null").contains("\"residentCode\"");
    }

    @Test
    void rebuildsTheIdentityItWasMadeFrom() {
        for (IdentityInformation identity : PEOPLE) {
            assertThat(StoredPerson.of(identity).identity()).isEqualTo(identity);
        }
        assertThat(StoredPerson.of(PEOPLE.get(0)).toString()).doesNotContain("山田").doesNotContain(
                PEOPLE.get(0).myNumber().value());
    }

    private static String written(StoredPerson person, Set<IdentityField> fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JukiNetJson.mapper().createGenerator(bytes)) {
            person.writeProvided(out, 42, fields);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
