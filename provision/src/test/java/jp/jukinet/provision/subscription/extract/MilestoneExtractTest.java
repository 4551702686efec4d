package jp.jukinet.provision.subscription.extract;

import static jp.jukinet.provision.subscription.extract.ExtractRegister.CHIYODA;
import static jp.jukinet.provision.subscription.extract.ExtractRegister.OSAKA_KITA;
import static jp.jukinet.provision.subscription.extract.ExtractRegister.date;
import static jp.jukinet.provision.subscription.extract.ExtractRegister.japan;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.provision.ProvisionScope;

/**
 * The milestone extract against a real national register: exactly the residents in force who
 * attain the age in the month, across 東京都 (13) and 大阪府 (27), the law's edges included, within
 * the rule's scope, in pages.
 */
class MilestoneExtractTest {

    private static final PrefectureCode TOKYO = PrefectureCode.of("13");
    private static final Predicate<PrefectureCode> NATIONAL = prefecture -> true;

    private ExtractRegister register;

    @BeforeEach
    void freshRegister() {
        register = new ExtractRegister("milestone_extract");
    }

    @AfterEach
    void closeRegister() {
        register.close();
    }

    @Test
    void onTheFirstOfMayTheExtractHoldsExactlyThoseWhoTurn20InMayInBothPrefectures() {
        // those who turn 20 in May 2026: born 2 May 2006 to 1 June 2006
        IdentityInformation firstDay = register.born(date("2006-05-02"), CHIYODA, "東京都千代田区千代田1番");
        IdentityInformation lastDayOfMonth = register.born(date("2006-05-31"), OSAKA_KITA, "大阪府大阪市北区梅田1番");
        IdentityInformation firstOfNextMonth = register.born(date("2006-06-01"), CHIYODA, "東京都千代田区千代田2番");
        IdentityInformation midMonth = register.born(date("2006-05-15"), OSAKA_KITA, "大阪府大阪市北区梅田2番");
        // not in May's: turns 20 on 30 April (born on the 1st), turns 20 on 1 June, turns 21 in May
        register.born(date("2006-05-01"), OSAKA_KITA, "大阪府大阪市北区梅田3番");
        register.born(date("2006-06-02"), CHIYODA, "東京都千代田区千代田3番");
        register.born(date("2005-05-20"), OSAKA_KITA, "大阪府大阪市北区梅田4番");
        // would turn 20 in May, but are no longer in force: dead, moved abroad, removed ex officio
        IdentityInformation dead = register.born(date("2006-05-10"), OSAKA_KITA, "大阪府大阪市北区梅田5番");
        register.change(dead, ChangeReason.DEATH, date("2026-03-01"), dead.address());
        IdentityInformation abroad = register.born(date("2006-05-20"), CHIYODA, "東京都千代田区千代田4番");
        register.change(abroad, ChangeReason.MOVE_OUT_ABROAD, date("2026-04-10"), abroad.address());
        IdentityInformation removed = register.born(date("2006-05-25"), CHIYODA, "東京都千代田区千代田5番");
        register.change(removed, ChangeReason.EX_OFFICIO_REMOVAL, date("2026-02-01"), removed.address());

        // 00:30 on 1 May in Japan is still 30 April in UTC: the month is Japan's
        Clock clock = Clock.fixed(japan("2026-05-01T00:30"), ZoneOffset.UTC);
        MonthlyExtractSchedule schedule = new MonthlyExtractSchedule(register.jdbc, clock, "nenkin-milestones");
        assertThat(schedule.due()).containsExactly(YearMonth.of(2026, 5));

        List<MilestoneExtract.Reached> reached = extract(YearMonth.of(2026, 5), 20, NATIONAL, 1_000);
        assertThat(reached).extracting(r -> r.identity().residentCode()).containsExactly(firstDay.residentCode(),
                midMonth.residentCode(), lastDayOfMonth.residentCode(), firstOfNextMonth.residentCode());
        assertThat(reached).extracting(MilestoneExtract.Reached::attainedOn).containsExactly(date("2026-05-01"),
                date("2026-05-14"), date("2026-05-30"), date("2026-05-31"));
        assertThat(reached).allSatisfy(r -> {
            assertThat(r.age()).isEqualTo(20);
            assertThat(r.identity().active()).isTrue();
        });
        assertThat(reached.get(1).identity()).isEqualTo(midMonth);

        // the one born on 1 May is April's
        assertThat(extract(YearMonth.of(2026, 4), 20, NATIONAL, 1_000)).extracting(r -> r.identity().dateOfBirth())
                .containsExactly(date("2006-05-01"));
        assertThat(extract(YearMonth.of(2026, 5), 21, NATIONAL, 1_000)).extracting(r -> r.identity().dateOfBirth())
                .containsExactly(date("2005-05-20"));
    }

    @Test
    void theLeapDayAndTheFirstOfMarchBelongToFebruary() {
        IdentityInformation leapDay = register.born(date("2008-02-29"), CHIYODA, "東京都千代田区千代田1番");
        IdentityInformation firstOfMarch = register.born(date("2008-03-01"), OSAKA_KITA, "大阪府大阪市北区梅田1番");
        IdentityInformation endOfFebruary = register.born(date("2008-02-28"), CHIYODA, "東京都千代田区千代田2番");
        register.born(date("2008-03-02"), CHIYODA, "東京都千代田区千代田3番");

        // 2028 is a leap year: the leap-day child turns 20 on the 28th, the 1 March child on the 29th
        assertThat(extract(YearMonth.of(2028, 2), 20, NATIONAL, 1_000))
                .extracting(r -> r.identity().residentCode(), MilestoneExtract.Reached::attainedOn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(endOfFebruary.residentCode(), date("2028-02-27")),
                        org.assertj.core.groups.Tuple.tuple(leapDay.residentCode(), date("2028-02-28")),
                        org.assertj.core.groups.Tuple.tuple(firstOfMarch.residentCode(), date("2028-02-29")));
        assertThat(extract(YearMonth.of(2028, 3), 20, NATIONAL, 1_000)).extracting(r -> r.identity().dateOfBirth())
                .containsExactly(date("2008-03-02"));
        // 2029 is not: both turn 21 on 28 February
        assertThat(extract(YearMonth.of(2029, 2), 21, NATIONAL, 1_000))
                .extracting(r -> r.identity().residentCode(), MilestoneExtract.Reached::attainedOn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(endOfFebruary.residentCode(), date("2029-02-27")),
                        org.assertj.core.groups.Tuple.tuple(leapDay.residentCode(), date("2029-02-28")),
                        org.assertj.core.groups.Tuple.tuple(firstOfMarch.residentCode(), date("2029-02-28")));
    }

    @Test
    void aScopedRuleReceivesOnlyThePersonsItsScopeCovers() {
        IdentityInformation tokyo = register.born(date("2006-05-10"), CHIYODA, "東京都千代田区千代田1番");
        IdentityInformation osaka = register.born(date("2006-05-11"), OSAKA_KITA, "大阪府大阪市北区梅田1番");

        ProvisionScope own = new ProvisionScope(TOKYO, ProvisionScope.NotifiedBy.RECIPIENT_PREFECTURE);
        assertThat(extract(YearMonth.of(2026, 5), 20, own::covers, 1_000))
                .extracting(r -> r.identity().residentCode()).containsExactly(tokyo.residentCode());
        ProvisionScope others = new ProvisionScope(TOKYO, ProvisionScope.NotifiedBy.OTHER_PREFECTURE);
        assertThat(extract(YearMonth.of(2026, 5), 20, others::covers, 1_000))
                .extracting(r -> r.identity().residentCode()).containsExactly(osaka.residentCode());

        List<List<MilestoneExtract.Reached>> batches = new ArrayList<>();
        long handed = new MilestoneExtract(register.jdbc, register.json).run(YearMonth.of(2026, 5), 20,
                prefecture -> false, batches::add);
        assertThat(handed).isZero();
        assertThat(batches).isEmpty();
    }

    @Test
    void pagesHandEveryPersonOnceInBatchesEvenWhenManyShareABirthday() {
        List<ResidentCode> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(register.born(date("2006-05-15"), i % 2 == 0 ? CHIYODA : OSAKA_KITA,
                    "東京都千代田区千代田1番").residentCode());
        }
        expected.sort(java.util.Comparator.comparing(ResidentCode::value)); // same birthday: by resident code
        expected.add(register.born(date("2006-05-16"), CHIYODA, "東京都千代田区千代田1番").residentCode());

        List<List<MilestoneExtract.Reached>> batches = new ArrayList<>();
        long handed = new MilestoneExtract(register.jdbc, register.json, 3).run(YearMonth.of(2026, 5), 20, NATIONAL,
                batches::add);
        assertThat(handed).isEqualTo(8);
        assertThat(batches).extracting(List::size).containsExactly(3, 3, 2);
        assertThat(batches.stream().flatMap(List::stream).map(r -> r.identity().residentCode()))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aPersonWhoMovedIsExtractedWithTheCurrentRecord() {
        IdentityInformation person = register.born(date("2006-05-10"), CHIYODA, "東京都千代田区千代田1番");
        IdentityInformation moved = register.change(person, ChangeReason.MOVE_WITHIN, date("2026-04-01"),
                new Address("東京都千代田区丸の内1番"));
        assertThat(extract(YearMonth.of(2026, 5), 20, NATIONAL, 1_000)).extracting(MilestoneExtract.Reached::identity)
                .containsExactly(moved);
    }

    private List<MilestoneExtract.Reached> extract(YearMonth month, int age, Predicate<PrefectureCode> scope,
                                                   int page) {
        List<MilestoneExtract.Reached> all = new ArrayList<>();
        long handed = new MilestoneExtract(register.jdbc, register.json, page).run(month, age, scope, batch -> {
            assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(page);
            all.addAll(batch);
        });
        assertThat(handed).isEqualTo(all.size());
        return all;
    }
}
