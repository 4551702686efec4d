package jp.jukinet.model.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.function.Function;

import com.code_intelligence.jazzer.junit.FuzzTest;

import jp.jukinet.model.FuzzContract;
import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.notice.NodeId;

/**
 * The codes as they come from outside: as bare text (a path variable, a header) and as JSON. Each
 * is accepted exactly when the independent {@link CheckDigitOracle} says it is valid, refused with
 * its own field otherwise, never echoed in the refusal, and an accepted code round-trips.
 *
 * <p>Regression inputs: {@code src/test/resources/jp/jukinet/model/code/CodeFuzzTestInputs/<method>/}.
 */
class CodeFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void residentCode(byte[] input) {
        code(input, ResidentCode::of, ResidentCode.class, ResidentCode.FIELD, CheckDigitOracle.RESIDENT_CODE,
                ResidentCode::value);
    }

    @FuzzTest(maxDuration = "60s")
    void myNumber(byte[] input) {
        code(input, MyNumber::of, MyNumber.class, MyNumber.FIELD, CheckDigitOracle.MY_NUMBER, MyNumber::value);
    }

    @FuzzTest(maxDuration = "60s")
    void localGovernmentCode(byte[] input) {
        code(input, LocalGovernmentCode::of, LocalGovernmentCode.class, LocalGovernmentCode.FIELD,
                CheckDigitOracle.LOCAL_GOVERNMENT_CODE, LocalGovernmentCode::value);
    }

    @FuzzTest(maxDuration = "60s")
    void prefectureCode(byte[] input) {
        String text = FuzzContract.text(input);
        Optional<PrefectureCode> code = direct(input, () -> PrefectureCode.of(text), PrefectureCode.FIELD);
        boolean valid = text.matches("[0-9]{2}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= 47;
        assertThat(code.isPresent()).as("accepted exactly when 01-47").isEqualTo(valid);
        code.ifPresent(c -> {
            assertThat(c.value()).isEqualTo(text);
            assertThat(PrefectureCode.of(c.number())).isEqualTo(c);
            assertThat(c.japaneseName()).isNotBlank();
            FuzzContract.assertRoundTrip(c, PrefectureCode.class);
        });
        FuzzContract.parse(input, PrefectureCode.class);
    }

    @FuzzTest(maxDuration = "60s")
    void nodeId(byte[] input) {
        String text = FuzzContract.text(input);
        Optional<NodeId> node = direct(input, () -> NodeId.of(text), NodeId.FIELD);
        node.ifPresent(id -> {
            assertThat(id.value()).isEqualTo(text);
            // every form the type accepts has a tier, and the tiers above it exist
            switch (id.tier()) {
                case MUNICIPAL -> {
                    assertThat(NodeId.cs(id.municipalityCode().orElseThrow())).isEqualTo(id);
                    assertThat(id.upstream()).contains(NodeId.prefecture(id.prefectureCode().orElseThrow()));
                }
                case PREFECTURAL -> {
                    assertThat(NodeId.prefecture(id.prefectureCode().orElseThrow())).isEqualTo(id);
                    assertThat(id.upstream()).contains(NodeId.national());
                }
                case NATIONAL -> {
                    assertThat(id).isEqualTo(NodeId.national());
                    assertThat(id.upstream()).isEmpty();
                }
            }
            FuzzContract.assertRoundTrip(id, NodeId.class);
        });
        FuzzContract.parse(input, NodeId.class);
    }

    private static <C> void code(byte[] input, Function<String, C> of, Class<C> type, String field,
                                 CheckDigitOracle oracle, Function<C, String> value) {
        String text = FuzzContract.text(input);
        Optional<C> code = direct(input, () -> of.apply(text), field);
        assertThat(code.isPresent()).as("accepted exactly when the oracle says valid").isEqualTo(validByOracle(text, oracle));
        code.ifPresent(c -> {
            assertThat(value.apply(c)).isEqualTo(text);
            assertThat(of.apply(value.apply(c))).isEqualTo(c);
            FuzzContract.assertRoundTrip(c, type);
        });
        FuzzContract.parse(input, type);
    }

    /** The code parsed from bare text: a value, or a refusal naming the code's own field. */
    private static <C> Optional<C> direct(byte[] input, java.util.function.Supplier<C> parse, String field) {
        try {
            return Optional.of(parse.get());
        } catch (InvalidValueException e) {
            assertThat(e.field()).isEqualTo(field);
            FuzzContract.assertRefusal(e, FuzzContract.text(input));
            return Optional.empty();
        }
    }

    private static boolean validByOracle(String text, CheckDigitOracle oracle) {
        if (text.length() != oracle.dataLength + 1 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int[] data = new int[oracle.dataLength];
        for (int i = 0; i < data.length; i++) {
            data[i] = text.charAt(i) - '0';
        }
        return oracle.structurallyValid(data) && oracle.checkDigitOf(data) == text.charAt(data.length) - '0';
    }
}
