package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The synthetic population: the same for the same seed, plausible, and every person acceptable to a CS. */
class PopulationTest {

    @Test
    void theSameSeedGivesTheSamePeopleAndASmallerCountIsAPrefix() {
        List<Population.Person> big = new Population(42).people("131130", 2_000);
        assertThat(new Population(42).people("131130", 2_000)).isEqualTo(big);
        assertThat(new Population(42).people("131130", 500)).isEqualTo(big.subList(0, 500));
        assertThat(new Population(43).people("131130", 500)).isNotEqualTo(big.subList(0, 500));
    }

    @Test
    void sharesAddUpAndEveryMunicipalityHasResidents() {
        for (int total : new int[] {0, 1, 19, 10_000, 1_000_000}) {
            int[] shares = Population.shares(total);
            assertThat(java.util.Arrays.stream(shares).sum()).isEqualTo(total);
            if (total >= 20) {
                assertThat(java.util.Arrays.stream(shares).min().orElseThrow()).isGreaterThanOrEqualTo(total / 20);
            }
        }
        // 大阪市 is by far the largest of the four at every size (total × population once overflowed an int)
        for (int total : new int[] {1_000, 10_000, 1_000_000, 10_000_000}) {
            int[] shares = Population.shares(total);
            assertThat(shares[2]).as("大阪市 of %d", total).isGreaterThan(shares[1] * 5);
            assertThat(shares[2]).as("大阪市 of %d", total).isGreaterThan(total * 3 / 4);
        }
    }

    @Test
    void peopleLiveInTheirMunicipalityInHouseholdsWithAPlausibleAgeStructure() {
        List<Population.Person> people = new Population(7).people("271004", 20_000);
        assertThat(people).allSatisfy(person -> {
            assertThat(person.address().text()).startsWith("大阪府大阪市");
            assertThat(person.dateOfBirth()).isBeforeOrEqualTo(Population.REFERENCE_DATE);
            assertThat(person.name().familyKana()).matches("\\p{InKatakana}+");
        });
        Map<Integer, Long> byDecade = people.stream().collect(Collectors.groupingBy(
                person -> Math.min(9, Period.between(person.dateOfBirth(), Population.REFERENCE_DATE).getYears() / 10),
                Collectors.counting()));
        double elderly = people.stream().filter(person -> Period.between(person.dateOfBirth(),
                Population.REFERENCE_DATE).getYears() >= 65).count() / (double) people.size();
        // Japan, 2020 census: 28.6% are 65 or older; every decade of life is present
        assertThat(elderly).isBetween(0.18, 0.40);
        assertThat(byDecade.keySet()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        long addresses = people.stream().map(person -> person.address().text()).distinct().count();
        assertThat(addresses).as("households share an address").isLessThan(people.size() * 3 / 4);
    }
}
