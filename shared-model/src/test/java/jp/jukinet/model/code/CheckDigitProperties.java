package jp.jukinet.model.code;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the three check-digit schemes, judged against {@link CheckDigitOracle}, which
 * restates the rules independently of the production code.
 *
 * <p>For every generated code, every single-digit substitution and every adjacent
 * transposition of distinct digits within the data digits is tried: (a) the oracle's weighted
 * remainder always changes, and (b) the value type refuses the mutated code exactly when the
 * oracle's check digit for the mutated data differs from the code's check digit. Together they
 * say the only undetected errors are those whose remainders fall in a collapsed class.
 */
class CheckDigitProperties {

    /** An oracle scheme with data digits valid for it (a real prefecture for local government codes). */
    record Sample(CheckDigitOracle scheme, int[] data) {
        String code() {
            return CheckDigitOracle.code(data, scheme.checkDigitOf(data));
        }

        @Override
        public String toString() {
            return scheme + " " + code();
        }
    }

    @Provide
    Arbitrary<Sample> samples() {
        return Arbitraries.of(CheckDigitOracle.class).flatMap(scheme ->
                Arbitraries.integers().between(0, 9).array(int[].class).ofSize(scheme.dataLength)
                        .filter(scheme::structurallyValid)
                        .map(data -> new Sample(scheme, data)));
    }

    @Property
    void codesBuiltFromAnyDataDigitsValidate(@ForAll("samples") Sample sample) {
        assertThat(sample.scheme().accepts(sample.code())).isTrue();
    }

    @Property
    void factoriesAgreeWithTheOracle(@ForAll("samples") Sample sample) {
        String code = sample.code();
        String data = code.substring(0, code.length() - 1);
        String built = switch (sample.scheme()) {
            case RESIDENT_CODE -> ResidentCode.fromSerial(Long.parseLong(data)).value();
            case MY_NUMBER -> MyNumber.fromData(Long.parseLong(data)).value();
            case LOCAL_GOVERNMENT_CODE -> LocalGovernmentCode.of(PrefectureCode.of(data.substring(0, 2)),
                    Integer.parseInt(data.substring(2))).value();
        };
        assertThat(built).isEqualTo(code);
    }

    @Provide
    Arbitrary<String> randomCodes() {
        return Combinators.combine(
                Arbitraries.randomValue(ResidentCode::random).map(ResidentCode::value),
                Arbitraries.randomValue(MyNumber::random).map(MyNumber::value),
                Arbitraries.randomValue(LocalGovernmentCode::random).map(LocalGovernmentCode::value),
                Arbitraries.integers().between(0, 2))
                .as((resident, number, lg, which) -> which == 0 ? resident : which == 1 ? number : lg);
    }

    @Property
    void randomFactoriesProduceCodesTheOracleAccepts(@ForAll("randomCodes") String code) {
        CheckDigitOracle scheme = switch (code.length()) {
            case 11 -> CheckDigitOracle.RESIDENT_CODE;
            case 12 -> CheckDigitOracle.MY_NUMBER;
            default -> CheckDigitOracle.LOCAL_GOVERNMENT_CODE;
        };
        int[] data = digits(code.substring(0, code.length() - 1));
        assertThat(scheme.structurallyValid(data)).isTrue();
        assertThat(code.charAt(code.length() - 1) - '0').isEqualTo(scheme.checkDigitOf(data));
    }

    @Property
    void everySingleDigitSubstitutionChangesTheRemainderAndIsCaughtUnlessTheCheckCollapses(
            @ForAll("samples") Sample sample) {
        CheckDigitOracle scheme = sample.scheme();
        int[] data = sample.data();
        int remainder = scheme.remainder(data);
        int check = scheme.checkDigit(remainder);
        for (int position = 0; position < data.length; position++) {
            for (int digit = 0; digit <= 9; digit++) {
                if (digit == data[position]) {
                    continue;
                }
                int[] mutated = data.clone();
                mutated[position] = digit;
                assertMutation(scheme, remainder, check, mutated);
            }
        }
    }

    @Property
    void everyAdjacentTranspositionChangesTheRemainderAndIsCaughtUnlessTheCheckCollapses(
            @ForAll("samples") Sample sample) {
        CheckDigitOracle scheme = sample.scheme();
        int[] data = sample.data();
        int remainder = scheme.remainder(data);
        int check = scheme.checkDigit(remainder);
        for (int position = 0; position + 1 < data.length; position++) {
            if (data[position] == data[position + 1]) {
                continue;
            }
            int[] mutated = data.clone();
            mutated[position] = data[position + 1];
            mutated[position + 1] = data[position];
            assertMutation(scheme, remainder, check, mutated);
        }
    }

    @Property
    void substitutingTheCheckDigitIsAlwaysCaught(@ForAll("samples") Sample sample) {
        int check = sample.scheme().checkDigitOf(sample.data());
        for (int digit = 0; digit <= 9; digit++) {
            if (digit != check) {
                assertThat(sample.scheme().accepts(CheckDigitOracle.code(sample.data(), digit))).isFalse();
            }
        }
    }

    private static void assertMutation(CheckDigitOracle scheme, int remainder, int check, int[] mutated) {
        int mutatedRemainder = scheme.remainder(mutated);
        // (a) modulus 11 with these weights sees every such error
        assertThat(mutatedRemainder).isNotEqualTo(remainder);
        // (b) the value type refuses the mutation exactly when the oracle's check digit differs
        boolean oracleAccepts = scheme.structurallyValid(mutated) && scheme.checkDigit(mutatedRemainder) == check;
        assertThat(scheme.accepts(CheckDigitOracle.code(mutated, check)))
                .as("%s mutated to %s", scheme, CheckDigitOracle.code(mutated, check))
                .isEqualTo(oracleAccepts);
        if (scheme.checkDigit(mutatedRemainder) == check) {
            assertThat(scheme.collapsed(remainder, mutatedRemainder)).isTrue();
        }
    }

    static int[] digits(String text) {
        return text.chars().map(c -> c - '0').toArray();
    }
}
