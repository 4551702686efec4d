package jp.jukinet.provision.subscription.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

/** The age rule at its edges: the 1st of a month, 29 February, 1 March, the last day of a month. */
class AgeReckoningTest {

    @Test
    void aPersonAttainsAnAgeAtTheEndOfTheDayBeforeTheBirthday() {
        assertThat(AgeReckoning.attainmentDay(LocalDate.of(2006, 5, 15), 20)).isEqualTo(LocalDate.of(2026, 5, 14));
        assertThat(AgeReckoning.ageAtEndOf(LocalDate.of(2006, 5, 15), LocalDate.of(2026, 5, 13))).isEqualTo(19);
        assertThat(AgeReckoning.ageAtEndOf(LocalDate.of(2006, 5, 15), LocalDate.of(2026, 5, 14))).isEqualTo(20);
    }

    @Test
    void bornOnTheFirstOfAMonthAttainsOnTheLastDayOfTheMonthBefore() {
        assertThat(AgeReckoning.attainmentDay(LocalDate.of(2006, 5, 1), 20)).isEqualTo(LocalDate.of(2026, 4, 30));
        assertThat(AgeReckoning.attainmentDay(LocalDate.of(2007, 1, 1), 20)).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(AgeReckoning.bornBetween(YearMonth.of(2026, 4), 20).contains(LocalDate.of(2006, 5, 1))).isTrue();
        assertThat(AgeReckoning.bornBetween(YearMonth.of(2026, 5), 20).contains(LocalDate.of(2006, 5, 1))).isFalse();
        assertThat(AgeReckoning.bornBetween(YearMonth.of(2026, 12), 20).contains(LocalDate.of(2007, 1, 1))).isTrue();
    }

    @Test
    void bornOnTheLeapDayAttainsOnThe28thOfFebruaryInEveryYear() {
        LocalDate leapDay = LocalDate.of(2008, 2, 29);
        assertThat(AgeReckoning.attainmentDay(leapDay, 20)).isEqualTo(LocalDate.of(2028, 2, 28)); // 2028 is a leap year
        assertThat(AgeReckoning.attainmentDay(leapDay, 21)).isEqualTo(LocalDate.of(2029, 2, 28));
        assertThat(AgeReckoning.ageAtEndOf(leapDay, LocalDate.of(2029, 2, 27))).isEqualTo(20);
        assertThat(AgeReckoning.ageAtEndOf(leapDay, LocalDate.of(2029, 2, 28))).isEqualTo(21);
    }

    @Test
    void bornOnTheFirstOfMarchAttainsOnTheLastDayOfFebruary() {
        assertThat(AgeReckoning.attainmentDay(LocalDate.of(2007, 3, 1), 21)).isEqualTo(LocalDate.of(2028, 2, 29));
        assertThat(AgeReckoning.attainmentDay(LocalDate.of(2007, 3, 1), 20)).isEqualTo(LocalDate.of(2027, 2, 28));
    }

    @Test
    void bornOnTheLastDayOfAMonthAttainsInThatMonth() {
        assertThat(AgeReckoning.attainmentDay(LocalDate.of(2006, 5, 31), 20)).isEqualTo(LocalDate.of(2026, 5, 30));
    }

    @Test
    void refusesAgesNoRuleCanMean() {
        assertThatThrownBy(() -> AgeReckoning.bornBetween(YearMonth.of(2026, 5), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgeReckoning.attainmentDay(LocalDate.of(2000, 1, 1), AgeReckoning.MAX_AGE + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
