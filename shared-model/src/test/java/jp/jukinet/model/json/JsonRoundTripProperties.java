package jp.jukinet.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import jp.jukinet.model.TestData;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRules;
import tools.jackson.databind.json.JsonMapper;

/** Every wire type survives JSON and back unchanged, and codes travel as bare strings. */
class JsonRoundTripProperties {

    final JsonMapper json = JukiNetJson.mapper();

    @Property
    void residentCodes(@ForAll @LongRange(min = 0, max = 9_999_999_999L) long serial) {
        ResidentCode code = ResidentCode.fromSerial(serial);
        assertThat(json.writeValueAsString(code)).isEqualTo("\"" + code.value() + "\"");
        assertThat(roundTrip(code, ResidentCode.class)).isEqualTo(code);
    }

    @Property
    void myNumbers(@ForAll @LongRange(min = 0, max = 99_999_999_999L) long data) {
        MyNumber number = MyNumber.fromData(data);
        assertThat(json.writeValueAsString(number)).isEqualTo("\"" + number.value() + "\"");
        assertThat(roundTrip(number, MyNumber.class)).isEqualTo(number);
    }

    @Property
    void localGovernmentCodesAndNodeIds(@ForAll @IntRange(min = 1, max = 47) int prefecture,
                                        @ForAll @IntRange(min = 0, max = 999) int municipality) {
        LocalGovernmentCode code = LocalGovernmentCode.of(PrefectureCode.of(prefecture), municipality);
        assertThat(roundTrip(code, LocalGovernmentCode.class)).isEqualTo(code);
        assertThat(roundTrip(code.prefecture(), PrefectureCode.class)).isEqualTo(code.prefecture());
        NodeId cs = NodeId.cs(code);
        assertThat(json.writeValueAsString(cs)).isEqualTo("\"cs-" + code.value() + "\"");
        assertThat(roundTrip(cs, NodeId.class)).isEqualTo(cs);
        assertThat(roundTrip(NodeId.prefecture(code.prefecture()), NodeId.class)).isEqualTo(NodeId.prefecture(code.prefecture()));
    }

    @Provide
    Arbitrary<PersonName> names() {
        return Arbitraries.randomValue(TestData::name);
    }

    @Property
    void personNames(@ForAll("names") PersonName name) {
        assertThat(roundTrip(name, PersonName.class)).isEqualTo(name);
    }

    @Provide
    Arbitrary<IdentityInformation> identities() {
        return Arbitraries.randomValue(TestData::identity);
    }

    @Property
    void identityInformation(@ForAll("identities") IdentityInformation identity) {
        assertThat(roundTrip(identity, IdentityInformation.class)).isEqualTo(identity);
    }

    @Provide
    Arbitrary<ChangeNotice> notices() {
        return Arbitraries.randomValue(TestData::notice);
    }

    @Property
    void changeNotices(@ForAll("notices") ChangeNotice notice) {
        String written = json.writeValueAsString(notice);
        assertThat(written).doesNotContain("null");
        assertThat(roundTrip(notice, ChangeNotice.class)).isEqualTo(notice);
    }

    @Property(tries = 200)
    void batchesAndAcknowledgements(@ForAll("notices") ChangeNotice first, @ForAll @IntRange(min = 1, max = 5) int size) {
        List<ChangeNotice> notices = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            notices.add(new ChangeNotice(first.schemaVersion(), first.changeId(), first.source(), first.sequence() + i,
                    first.residentCode(), first.reason(), first.effectiveDate(), first.notifiedDate(),
                    first.committedAt(), first.identity(), first.previousResidentCode(), first.previousMyNumber()));
        }
        ChangeNoticeBatch batch = new ChangeNoticeBatch(first.source(), notices);
        assertThat(roundTrip(batch, ChangeNoticeBatch.class)).isEqualTo(batch);
        Acknowledgement ack = new Acknowledgement(first.source(), batch.lastSequence());
        assertThat(roundTrip(ack, Acknowledgement.class)).isEqualTo(ack);
    }

    @Provide
    Arbitrary<ProvisionRules> ruleSets() {
        return Arbitraries.randomValue(random -> {
            List<ProvisionRule> rules = new ArrayList<>();
            int count = random.nextInt(6);
            for (int i = 0; i < count; i++) {
                rules.add(TestData.rule(random, "rule-" + i));
            }
            return new ProvisionRules("v" + random.nextInt(100), rules);
        });
    }

    @Property
    void provisionRules(@ForAll("ruleSets") ProvisionRules rules) {
        ProvisionRules read = roundTrip(rules, ProvisionRules.class);
        assertThat(read).isEqualTo(rules);
        for (int i = 0; i < rules.rules().size(); i++) {
            assertThat(read.rules().get(i).fields()).containsExactlyElementsOf(rules.rules().get(i).fields());
        }
    }

    private <T> T roundTrip(T value, Class<T> type) {
        return json.readValue(json.writeValueAsString(value), type);
    }
}
