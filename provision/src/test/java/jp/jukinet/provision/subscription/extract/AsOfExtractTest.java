package jp.jukinet.provision.subscription.extract;

import static jp.jukinet.provision.subscription.extract.ExtractRegister.CHIYODA;
import static jp.jukinet.provision.subscription.extract.ExtractRegister.OSAKA_KITA;
import static jp.jukinet.provision.subscription.extract.ExtractRegister.date;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.provision.subscription.extract.AsOfExtract.AsOf;
import jp.jukinet.provision.subscription.extract.AsOfExtract.Outcome;

/** The as-of extract against a real national register: the record of a past date, across moves and code changes. */
class AsOfExtractTest {

    private ExtractRegister register;
    private AsOfExtract extract;

    @BeforeEach
    void freshRegister() {
        register = new ExtractRegister("as_of_extract");
        extract = new AsOfExtract(register.jdbc, register.json);
    }

    @AfterEach
    void closeRegister() {
        register.close();
    }

    @Test
    void aPersonWhoMovedAfterTheDateIsAnsweredWithTheOlderAddress() {
        IdentityInformation born = register.born(date("1980-01-15"), CHIYODA, "東京都千代田区千代田1番");
        IdentityInformation moved = register.change(born, ChangeReason.MOVE_WITHIN, date("2026-03-10"),
                new Address("東京都千代田区丸の内1番"));

        AsOf before = one(born.residentCode(), date("2026-03-09"));
        assertThat(before.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(before.identity()).isEqualTo(born);
        assertThat(before.effectiveDate()).isEqualTo(date("1980-01-15"));
        assertThat(one(born.residentCode(), date("2026-03-10")).identity()).isEqualTo(moved);
        assertThat(one(born.residentCode(), date("2026-06-01")).identity().address())
                .isEqualTo(new Address("東京都千代田区丸の内1番"));
    }

    @Test
    void aChangeOfResidentCodeIsFollowedEitherWay() {
        IdentityInformation born = register.born(date("1990-07-01"), CHIYODA, "東京都千代田区千代田1番");
        IdentityInformation renumbered = register.newCode(born, date("2026-02-01"));
        IdentityInformation moved = register.change(renumbered, ChangeReason.MOVE_WITHIN, date("2026-03-15"),
                new Address("東京都千代田区丸の内2番"));

        // asked by the old code after the change: the history under the new code
        AsOf oldCodeLater = one(born.residentCode(), date("2026-04-01"));
        assertThat(oldCodeLater.asked()).isEqualTo(born.residentCode());
        assertThat(oldCodeLater.identity()).isEqualTo(moved);
        assertThat(oldCodeLater.identity().residentCode()).isEqualTo(renumbered.residentCode());
        assertThat(one(born.residentCode(), date("2026-02-15")).identity()).isEqualTo(renumbered);
        // asked by the new code before the change: the history under the old one
        assertThat(one(renumbered.residentCode(), date("2026-01-01")).identity()).isEqualTo(born);
        assertThat(one(born.residentCode(), date("2026-01-01")).identity()).isEqualTo(born);
    }

    @Test
    void aPersonNotYetRegisteredOnTheDateIsReportedSoAndAnUnknownCodeAsUnknown() {
        IdentityInformation baby = register.born(date("2026-05-03"), OSAKA_KITA, "大阪府大阪市北区梅田1番");
        ResidentCode nobody = register.unusedCode();

        List<AsOf> answers = all(List.of(baby.residentCode(), nobody), date("2026-05-02"));
        assertThat(answers).extracting(AsOf::asked, AsOf::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(baby.residentCode(), Outcome.NOT_YET_REGISTERED),
                org.assertj.core.groups.Tuple.tuple(nobody, Outcome.UNKNOWN));
        assertThat(answers).allSatisfy(answer -> assertThat(answer.identity()).isNull());
        assertThat(one(baby.residentCode(), date("2026-05-03")).identity()).isEqualTo(baby);
    }

    @Test
    void theDeadAreAnsweredAliveBeforeTheDeathAndRemovedAfter() {
        IdentityInformation born = register.born(date("1940-03-03"), OSAKA_KITA, "大阪府大阪市北区梅田1番");
        register.change(born, ChangeReason.DEATH, date("2026-02-01"), born.address());

        assertThat(one(born.residentCode(), date("2026-01-31")).identity().status()).isEqualTo(ResidentStatus.ACTIVE);
        AsOf after = one(born.residentCode(), date("2026-02-01"));
        assertThat(after.identity().status()).isEqualTo(ResidentStatus.REMOVED);
        assertThat(after.identity().change().reason()).isEqualTo(ChangeReason.DEATH);
    }

    @Test
    void aMoveBetweenMunicipalitiesAndALateChangeOfTheOlderResidence() {
        IdentityInformation born = register.born(date("1985-09-09"), CHIYODA, "東京都千代田区千代田1番");
        IdentityInformation movedOut = register.change(born, ChangeReason.MOVE_OUT, date("2026-03-20"), born.address());
        IdentityInformation movedIn = born.movedIn(OSAKA_KITA, new Address("大阪府大阪市北区梅田9番"),
                new ChangeInformation(ChangeReason.MOVE_IN, date("2026-03-25"), date("2026-03-25")));
        register.record(movedIn, null);
        // the old municipality corrects its removed record later, with a later effective date: it stays history
        register.change(movedOut, ChangeReason.EX_OFFICIO_CORRECTION, date("2026-03-28"),
                new Address("東京都千代田区千代田1番地"));

        assertThat(one(born.residentCode(), date("2026-03-19")).identity()).isEqualTo(born);
        assertThat(one(born.residentCode(), date("2026-03-22")).identity()).isEqualTo(movedOut);
        assertThat(one(born.residentCode(), date("2026-03-30")).identity()).isEqualTo(movedIn);
    }

    @Test
    void streamsManyCodesInBatchesInTheOrderAsked() {
        IdentityInformation tokyo = register.born(date("1970-01-01"), CHIYODA, "東京都千代田区千代田1番");
        IdentityInformation osaka = register.born(date("1971-01-01"), OSAKA_KITA, "大阪府大阪市北区梅田1番");
        List<ResidentCode> asked = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            asked.add(i == 1_234 ? tokyo.residentCode() : i == 2_499 ? osaka.residentCode()
                    : ResidentCode.fromSerial(3_000_000_000L + i));
        }

        List<List<AsOf>> batches = new ArrayList<>();
        long answered = new AsOfExtract(register.jdbc, register.json, 1_000).run(asked.iterator(), date("2026-01-01"),
                batches::add);
        assertThat(answered).isEqualTo(2_500);
        assertThat(batches).extracting(List::size).containsExactly(1_000, 1_000, 500);
        List<AsOf> answers = batches.stream().flatMap(List::stream).toList();
        assertThat(answers).extracting(AsOf::asked).containsExactlyElementsOf(asked);
        assertThat(answers.stream().filter(answer -> answer.outcome() == Outcome.FOUND).map(AsOf::identity))
                .containsExactly(tokyo, osaka);
    }

    private AsOf one(ResidentCode code, LocalDate date) {
        List<AsOf> answers = all(List.of(code), date);
        assertThat(answers).hasSize(1);
        return answers.get(0);
    }

    private List<AsOf> all(List<ResidentCode> codes, LocalDate date) {
        List<AsOf> answers = new ArrayList<>();
        extract.run(codes.iterator(), date, answers::addAll);
        return answers;
    }
}
