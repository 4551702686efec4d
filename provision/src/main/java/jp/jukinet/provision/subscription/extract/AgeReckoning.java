package jp.jukinet.provision.subscription.extract;

import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.YearMonth;

/**
 * How Japanese law counts age (年齢計算): the rule the milestone extract ({@link MilestoneExtract})
 * selects by.
 *
 * <p>The rule. Age is counted from the day of birth, that day included (年齢計算ニ関スル法律 第1項), and
 * a period of years ends on the day before the day in the last year that corresponds to the day it
 * was counted from (民法 第143条第2項, applied by 同法律 第2項). A person therefore <em>attains</em> age
 * {@code n} (満n歳に達する) at the end of the day before their n-th birthday: the {@linkplain
 * #attainmentDay attainment day}. Where the last year has no corresponding day (born on 29 February,
 * the last year not a leap year), the period ends on the last day of that month (民法 第143条第2項
 * ただし書), which is 28 February.
 *
 * <p>Consequences the extract relies on and the tests show:
 * <ul>
 *   <li>someone born on the 1st of a month attains each age on the last day of the month before:
 *       born 1 May 2006, 20 on 30 April 2026, so in April's extract, not May's (the same rule puts
 *       those born on 1 April in the school year before, 早生まれ);</li>
 *   <li>someone born on 29 February attains each age on 28 February, in leap years too (the day
 *       before 29 February is 28 February): always in February's extract;</li>
 *   <li>someone born on 1 March attains each age on the last day of February: the 29th in a leap
 *       year, the 28th otherwise;</li>
 *   <li>someone born on the last day of a month attains each age on the day before it, in that
 *       month.</li>
 * </ul>
 * So the people attaining age {@code n} in a month are exactly those born from the 2nd of that
 * month to the 1st of the next, {@code n} years earlier ({@link #bornBetween}), which is one range of
 * an index on the date of birth.
 */
public final class AgeReckoning {

    /** Oldest age a rule may name; a register has no one older. */
    public static final int MAX_AGE = 150;

    private static final MonthDay LEAP_DAY = MonthDay.of(Month.FEBRUARY, 29);

    private AgeReckoning() {
    }

    /**
     * The day at whose end a person born on {@code dateOfBirth} attains {@code age}: the day
     * before their {@code age}-th birthday, or 28 February for someone born on 29 February.
     *
     * @throws IllegalArgumentException when {@code age} is not between 1 and {@value #MAX_AGE}
     */
    public static LocalDate attainmentDay(LocalDate dateOfBirth, int age) {
        requireAge(age);
        int year = dateOfBirth.getYear() + age;
        if (MonthDay.from(dateOfBirth).equals(LEAP_DAY)) {
            // the day before 29 February in a leap year, and the end of February (民法143条2項ただし書) otherwise
            return LocalDate.of(year, Month.FEBRUARY, 28);
        }
        return LocalDate.of(year, dateOfBirth.getMonth(), dateOfBirth.getDayOfMonth()).minusDays(1);
    }

    /**
     * The age a person born on {@code dateOfBirth} has at the end of {@code day}: the ages attained
     * by then (at most {@value #MAX_AGE}).
     */
    public static int ageAtEndOf(LocalDate dateOfBirth, LocalDate day) {
        // one more than the difference of years: born on 1 January, the age is attained on 31 December before
        int years = Math.min(day.getYear() - dateOfBirth.getYear() + 1, MAX_AGE);
        while (years >= 1 && attainmentDay(dateOfBirth, years).isAfter(day)) {
            years--;
        }
        return Math.max(years, 0);
    }

    /**
     * The dates of birth, both ends included, of everyone who attains {@code age} in {@code month}:
     * from the 2nd of the month to the 1st of the next, {@code age} years earlier. (Neither end can
     * be 29 February, so subtracting years never shifts it.)
     *
     * @throws IllegalArgumentException when {@code age} is not between 1 and {@value #MAX_AGE}
     */
    public static BirthRange bornBetween(YearMonth month, int age) {
        requireAge(age);
        return new BirthRange(month.atDay(2).minusYears(age), month.plusMonths(1).atDay(1).minusYears(age));
    }

    /** A range of dates of birth, both ends included. */
    public record BirthRange(LocalDate first, LocalDate last) {

        public boolean contains(LocalDate dateOfBirth) {
            return !dateOfBirth.isBefore(first) && !dateOfBirth.isAfter(last);
        }
    }

    static void requireAge(int age) {
        if (age < 1 || age > MAX_AGE) {
            throw new IllegalArgumentException("age must be between 1 and " + MAX_AGE + ", got " + age);
        }
    }
}
