package jp.jukinet.provision.subscription.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The range the extract reads is exactly the rule: a person is born in
 * {@link AgeReckoning#bornBetween} of a month if and only if their attainment day falls in that
 * month, judged against a day-by-day count of the law's rule restated here.
 */
class AgeReckoningProperties {

    @Provide
    Arbitrary<LocalDate> births() {
        // 1900–2100 crosses the non-leap 1900 and 2100 and the leap 2000
        return Arbitraries.longs().between(LocalDate.of(1900, 1, 1).toEpochDay(), LocalDate.of(2100, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay)
                .edgeCases(edges -> edges.add(LocalDate.of(2000, 2, 29), LocalDate.of(2004, 3, 1),
                        LocalDate.of(1999, 12, 31), LocalDate.of(2000, 1, 1), LocalDate.of(2003, 2, 28)));
    }

    @Property(tries = 3_000)
    void theBirthRangeOfAMonthHoldsExactlyThoseWhoAttainTheAgeInIt(@ForAll("births") LocalDate born,
                                                                    @ForAll @IntRange(min = 1, max = 120) int age,
                                                                    @ForAll @IntRange(min = -2, max = 2) int monthOffset) {
        LocalDate attained = oracle(born, age);
        YearMonth month = YearMonth.from(attained).plusMonths(monthOffset);
        assertThat(AgeReckoning.bornBetween(month, age).contains(born)).isEqualTo(monthOffset == 0);
        assertThat(AgeReckoning.attainmentDay(born, age)).isEqualTo(attained);
    }

    @Property(tries = 1_000)
    void theAgeGrowsByOneOnTheAttainmentDayAndNeverBefore(@ForAll("births") LocalDate born,
                                                          @ForAll @IntRange(min = 1, max = 120) int age) {
        LocalDate attained = AgeReckoning.attainmentDay(born, age);
        assertThat(AgeReckoning.ageAtEndOf(born, attained)).isEqualTo(age);
        assertThat(AgeReckoning.ageAtEndOf(born, attained.minusDays(1))).isEqualTo(age - 1);
    }

    /**
     * 民法143条 restated: the period counted from the day of birth ends on the day before the
     * corresponding day of the last year, or on the last day of the month if there is none.
     */
    private static LocalDate oracle(LocalDate born, int years) {
        int year = born.getYear() + years;
        YearMonth lastMonth = YearMonth.of(year, born.getMonth());
        if (!lastMonth.isValidDay(born.getDayOfMonth())) {
            return lastMonth.atEndOfMonth();
        }
        return lastMonth.atDay(born.getDayOfMonth()).minusDays(1);
    }
}
