package jp.jukinet.model.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Counts, over many random codes, every single-digit substitution and adjacent transposition
 * in the data digits that the value type accepts, and checks that the accepted ones are
 * exactly those the oracle places in the collapsed remainder class — neither more (a weakness
 * in the implementation) nor fewer (the class really occurs, so the check is not vacuous).
 */
class UndetectedErrorsTest {

    private static final int CODES = 3000;

    @ParameterizedTest
    @EnumSource(CheckDigitOracle.class)
    void onlyCollapsedRemaindersEscapeDetection(CheckDigitOracle scheme) {
        SplittableRandom random = new SplittableRandom(20261120L + scheme.ordinal());
        long mutations = 0;
        long accepted = 0;
        long collapsedByOracle = 0;
        long acceptedAndCollapsed = 0;
        int generated = 0;
        while (generated < CODES) {
            int[] data = new int[scheme.dataLength];
            for (int i = 0; i < data.length; i++) {
                data[i] = random.nextInt(10);
            }
            if (!scheme.structurallyValid(data)) {
                continue;
            }
            generated++;
            int remainder = scheme.remainder(data);
            int check = scheme.checkDigit(remainder);
            for (int[] mutated : mutationsOf(data)) {
                if (!scheme.structurallyValid(mutated)) {
                    continue;
                }
                mutations++;
                boolean collapsed = scheme.collapsed(remainder, scheme.remainder(mutated));
                boolean isAccepted = scheme.accepts(CheckDigitOracle.code(mutated, check));
                if (collapsed) {
                    collapsedByOracle++;
                }
                if (isAccepted) {
                    accepted++;
                    if (collapsed) {
                        acceptedAndCollapsed++;
                    }
                }
            }
        }
        assertThat(mutations).isGreaterThan(100_000);
        assertThat(collapsedByOracle).as("collapsed cases occur").isPositive();
        assertThat(accepted).as("undetected errors").isEqualTo(collapsedByOracle).isEqualTo(acceptedAndCollapsed);
        // Each collapsed class has two remainders out of eleven, so the undetected share is small.
        assertThat((double) accepted / mutations).isLessThan(0.05);
    }

    private static List<int[]> mutationsOf(int[] data) {
        List<int[]> result = new ArrayList<>();
        for (int position = 0; position < data.length; position++) {
            for (int digit = 0; digit <= 9; digit++) {
                if (digit != data[position]) {
                    int[] mutated = data.clone();
                    mutated[position] = digit;
                    result.add(mutated);
                }
            }
            if (position + 1 < data.length && data[position] != data[position + 1]) {
                int[] swapped = data.clone();
                swapped[position] = data[position + 1];
                swapped[position + 1] = data[position];
                result.add(swapped);
            }
        }
        return result;
    }
}
