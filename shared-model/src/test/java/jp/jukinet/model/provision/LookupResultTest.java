package jp.jukinet.model.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** API3: a provision carries the rule's fields and nothing else; the others are absent, not null. */
class LookupResultTest {

    private static final IdentityInformation HANAKO = new IdentityInformation(ResidentCode.fromSerial(1_234_567_890L),
            MyNumber.fromData(12_345_678_901L), new PersonName("山田", "花子", "ヤマダ", "ハナコ", "佐藤", null),
            LocalDate.of(1990, 4, 1), Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), LocalGovernmentCode.of("131016"),
            ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.MOVE_WITHIN, LocalDate.of(2026, 4, 1),
            LocalDate.of(2026, 4, 2)));

    /** Serialised both with the wire mapper and with a default one: absence must not depend on mapper settings. */
    private static final List<JsonMapper> MAPPERS = List.of(JukiNetJson.mapper(), JsonMapper.builder().build());

    @Test
    void carriesEveryFieldWhenTheRuleAllowsEverything() {
        for (JsonMapper mapper : MAPPERS) {
            JsonNode json = mapper.valueToTree(LookupResult.provided(HANAKO, EnumSet.allOf(IdentityField.class)));
            assertThat(names(json)).containsExactly("outcome", "residentCode", "myNumber", "person", "change", "status");
            assertThat(names(json.get("person"))).containsExactlyInAnyOrder("name", "dateOfBirth", "sex", "address");
            assertThat(names(json.get("person").get("name")))
                    .containsExactlyInAnyOrder("family", "given", "familyKana", "givenKana", "formerSurname");
            assertThat(json.get("myNumber").asString()).isEqualTo(HANAKO.myNumber().value());
        }
    }

    @Test
    void leavesOutEverythingTheRuleDoesNotAllow() {
        for (JsonMapper mapper : MAPPERS) {
            JsonNode json = mapper.valueToTree(LookupResult.provided(HANAKO,
                    EnumSet.of(IdentityField.NAME, IdentityField.ADDRESS, IdentityField.STATUS)));
            assertThat(names(json)).containsExactly("outcome", "person", "status");
            assertThat(names(json.get("person"))).containsExactly("name", "address");
            assertThat(names(json.get("person").get("name"))).containsExactly("family", "given");
            assertThat(json.toString()).doesNotContain(HANAKO.myNumber().value()).doesNotContain("1990")
                    .doesNotContain("null").doesNotContain(HANAKO.residentCode().value());
        }
    }

    @Test
    void leavesOutThePersonWhenNoneOfItsPartsIsAllowed() {
        JsonNode json = JukiNetJson.mapper().valueToTree(LookupResult.provided(HANAKO,
                EnumSet.of(IdentityField.RESIDENT_CODE, IdentityField.STATUS)));
        assertThat(names(json)).containsExactly("outcome", "residentCode", "status");
        JsonNode former = JukiNetJson.mapper().valueToTree(LookupResult.provided(HANAKO,
                EnumSet.of(IdentityField.FORMER_SURNAME_OR_ALIAS)));
        assertThat(names(former.get("person").get("name"))).containsExactly("formerSurname");
    }

    @Test
    void answersSeveralMatchesWithTheirNumberOnly() {
        JsonNode json = JukiNetJson.mapper().valueToTree(LookupResult.ambiguous(3).atLine(12));
        assertThat(json.toString()).isEqualTo("{\"line\":12,\"outcome\":\"AMBIGUOUS\",\"matches\":3}");
        JsonNode refused = JukiNetJson.mapper().valueToTree(
                LookupResult.refused(LookupProblem.forbidden("basis", "not yours")).atLine(2));
        assertThat(names(refused)).containsExactly("line", "outcome", "error");
        assertThat(names(refused.get("error"))).containsExactly("type", "title", "status", "detail", "field");
    }

    @Test
    void showsNoPersonalDataInToString() {
        String shown = LookupResult.provided(HANAKO, EnumSet.allOf(IdentityField.class)).atLine(4).toString();
        assertThat(shown).isEqualTo("LookupResult[line=4, outcome=PROVIDED]");
    }

    @Test
    void recordPagesSayExplicitlyWhereTheyEnd() {
        ProvisionRecordView view = new ProvisionRecordView(Instant.parse("2026-11-20T01:02:03Z"), "agency-nenkin",
                "nenkin-x", null, Set.of(IdentityField.STATUS, IdentityField.NAME), ProvisionOutcome.PROVIDED, null);
        String json = JukiNetJson.mapper().writeValueAsString(new ProvisionRecordPage(List.of(view), null));
        assertThat(json).isEqualTo("{\"records\":[{\"at\":\"2026-11-20T01:02:03Z\",\"recipient\":\"agency-nenkin\","
                + "\"basis\":\"nenkin-x\",\"fields\":[\"NAME\",\"STATUS\"],\"outcome\":\"PROVIDED\"}],\"next\":null}");
        ProvisionRecordPage read = JukiNetJson.mapper().readValue(json, ProvisionRecordPage.class);
        assertThat(read.records()).containsExactly(view);
    }

    private static List<String> names(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }
}
