package jp.jukinet.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.provision.ProviderTier;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRules;
import tools.jackson.databind.json.JsonMapper;

class JukiNetJsonTest {

    final JsonMapper json = JukiNetJson.mapper();

    static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    static final IdentityInformation BIRTH = new IdentityInformation(ResidentCode.of("12345678903"),
            MyNumber.of("123456789018"), PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), DAY, Sex.FEMALE,
            new Address("東京都千代田区千代田1番1号"), LocalGovernmentCode.of("131016"), ResidentStatus.ACTIVE,
            new ChangeInformation(ChangeReason.BIRTH, DAY, DAY));

    static final ChangeNotice NOTICE = ChangeNotice.of(UUID.fromString("5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f"),
            NodeId.of("cs-131016"), 42, Instant.parse("2026-11-20T01:02:03Z"), BIRTH);

    @Test
    void writesANoticeWithDatesAndCodesAsStringsAndNoNulls() {
        assertThat(json.writeValueAsString(NOTICE)).isEqualTo("{"
                + "\"schemaVersion\":1,"
                + "\"changeId\":\"5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f\","
                + "\"source\":\"cs-131016\","
                + "\"sequence\":42,"
                + "\"residentCode\":\"12345678903\","
                + "\"reason\":\"BIRTH\","
                + "\"effectiveDate\":\"2026-11-20\","
                + "\"notifiedDate\":\"2026-11-20\","
                + "\"committedAt\":\"2026-11-20T01:02:03Z\","
                + "\"identity\":{"
                + "\"residentCode\":\"12345678903\","
                + "\"myNumber\":\"123456789018\","
                + "\"name\":{\"family\":\"山田\",\"given\":\"花子\",\"familyKana\":\"ヤマダ\",\"givenKana\":\"ハナコ\"},"
                + "\"dateOfBirth\":\"2026-11-20\","
                + "\"sex\":\"FEMALE\","
                + "\"address\":{\"text\":\"東京都千代田区千代田1番1号\"},"
                + "\"municipality\":\"131016\","
                + "\"status\":\"ACTIVE\","
                + "\"change\":{\"reason\":\"BIRTH\",\"effectiveDate\":\"2026-11-20\",\"notifiedDate\":\"2026-11-20\"}"
                + "}}");
    }

    @Test
    void writesAProvisionRuleWithAnExplicitOpenEnd() {
        ProvisionRule rule = new ProvisionRule("nenkin-benefits", ProviderTier.NATIONAL, "30-9", "1", null,
                "agency-nenkin", "年金給付の支給に関する事務",
                EnumSet.of(IdentityField.SEX, IdentityField.NAME, IdentityField.RESIDENT_CODE), LocalDate.of(2026, 11, 1),
                null);
        assertThat(json.writeValueAsString(rule)).isEqualTo("{\"id\":\"nenkin-benefits\",\"provider\":\"NATIONAL\","
                + "\"article\":\"30-9\",\"annexTable\":\"1\",\"recipient\":\"agency-nenkin\","
                + "\"task\":\"年金給付の支給に関する事務\",\"fields\":[\"NAME\",\"SEX\",\"RESIDENT_CODE\"],"
                + "\"validFrom\":\"2026-11-01\",\"validTo\":null}");
    }

    @Test
    void writesCodesAndNodeIdsAsPlainStrings() {
        assertThat(json.writeValueAsString(ResidentCode.of("12345678903"))).isEqualTo("\"12345678903\"");
        assertThat(json.writeValueAsString(MyNumber.of("123456789018"))).isEqualTo("\"123456789018\"");
        assertThat(json.writeValueAsString(LocalGovernmentCode.of("011002"))).isEqualTo("\"011002\"");
        assertThat(json.writeValueAsString(PrefectureCode.of(1))).isEqualTo("\"01\"");
        assertThat(json.writeValueAsString(NodeId.national())).isEqualTo("\"national\"");
        assertThat(json.writeValueAsString(new Acknowledgement(NodeId.of("pref-13"), 7)))
                .isEqualTo("{\"source\":\"pref-13\",\"upToSequence\":7}");
    }

    @Test
    void readsWhatItWrites() {
        assertRoundTrip(NOTICE, ChangeNotice.class);
        assertRoundTrip(new ChangeNoticeBatch(NOTICE.source(), List.of(NOTICE)), ChangeNoticeBatch.class);
        assertRoundTrip(new Acknowledgement(NodeId.of("cs-131016"), 42), Acknowledgement.class);
        assertRoundTrip(new ProvisionRules("2026-11-01", List.of(new ProvisionRule("r", ProviderTier.PREFECTURE,
                "30-15(1)", "5", "3の2", "pref-13-welfare", "生活保護", EnumSet.of(IdentityField.NAME), DAY, DAY,
                jp.jukinet.model.provision.PrefectureUse.ANNEX_TASK))),
                ProvisionRules.class);
        assertRoundTrip(PrefectureCode.of(47), PrefectureCode.class);
    }

    @Test
    void refusesAnInvalidCodeWhileReadingWithTheFieldNamed() {
        String bad = json.writeValueAsString(NOTICE).replace("\"myNumber\":\"123456789018\"", "\"myNumber\":\"123456789019\"");
        assertThatThrownBy(() -> json.readValue(bad, ChangeNotice.class))
                .rootCause()
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("myNumber");
                    assertThat(e.getMessage()).doesNotContain("12345678901");
                });
        String badKana = json.writeValueAsString(BIRTH).replace("\"familyKana\":\"ヤマダ\"", "\"familyKana\":\"やまだ\"");
        assertThatThrownBy(() -> json.readValue(badKana, IdentityInformation.class))
                .rootCause()
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.field()).isEqualTo("name.familyKana"));
    }

    @Test
    void refusesAnImpossibleDate() {
        String impossible = json.writeValueAsString(BIRTH).replace("\"dateOfBirth\":\"2026-11-20\"",
                "\"dateOfBirth\":\"2026-02-30\"");
        assertThatThrownBy(() -> json.readValue(impossible, IdentityInformation.class))
                .isInstanceOf(tools.jackson.core.JacksonException.class)
                .hasMessageContaining("dateOfBirth");
    }

    private <T> void assertRoundTrip(T value, Class<T> type) {
        assertThat(json.readValue(json.writeValueAsString(value), type)).isEqualTo(value);
    }
}
