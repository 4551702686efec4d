package jp.jukinet.model.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;

import jp.jukinet.model.FuzzContract;
import jp.jukinet.model.identity.NameNormalizer;

/**
 * What an agency sends (a lookup, one line of a batch) and what an operator writes (the rules
 * file). A lookup is a value that names exactly one key under a well-formed basis, or a refusal
 * naming a field; the rules file loads to rules that keep the {@link ProvisionRule} contract and
 * load again from their own JSON, or it is refused with a {@link ProvisionRulesException} naming a
 * line and column — never with anything else.
 *
 * <p>Regression inputs: {@code src/test/resources/jp/jukinet/model/provision/ProvisionFuzzTestInputs/<method>/}.
 */
class ProvisionFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void lookupRequest(byte[] input) {
        FuzzContract.parse(input, LookupRequest.class).ifPresent(request -> {
            assertThat(request.basis()).matches("[a-z0-9-]{1,100}");
            int keys = (request.residentCode() == null ? 0 : 1) + (request.myNumber() == null ? 0 : 1)
                    + (request.fourInfo() == null ? 0 : 1);
            assertThat(keys).isEqualTo(1);
            if (request.fourInfo() != null) {
                holdsItsContract(request.fourInfo());
            }
        });
    }

    @FuzzTest(maxDuration = "60s")
    void fourInfo(byte[] input) {
        FuzzContract.parse(input, FourInfo.class).ifPresent(ProvisionFuzzTest::holdsItsContract);
    }

    /** The rules file, as {@code ProvisionRulesLoader.load} reads it at a node's start. */
    @FuzzTest(maxDuration = "60s")
    void provisionRules(byte[] input) throws IOException {
        ProvisionRules rules;
        try {
            rules = ProvisionRulesLoader.load(new ByteArrayInputStream(input));
        } catch (ProvisionRulesException e) {
            assertThat(e.line()).isPositive();
            assertThat(e.column()).isPositive();
            assertThat(e.getMessage()).startsWith("rules file line " + e.line() + ", column " + e.column() + ": ");
            return;
        }
        Set<String> ids = new HashSet<>();
        for (ProvisionRule rule : rules.rules()) {
            assertThat(ids.add(rule.id())).as("rule ids are unique").isTrue();
            assertThat(rule.fields()).isNotEmpty();
            assertThat(rule.validTo() == null || !rule.validTo().isBefore(rule.validFrom())).isTrue();
            assertThat(rule.inForceOn(rule.validFrom())).isTrue();
        }
        FuzzContract.assertRoundTrip(rules, ProvisionRules.class);
        // what the loader accepted, written as JSON, loads again to the same rules
        byte[] written = FuzzContract.JSON.writeValueAsString(rules).getBytes(StandardCharsets.UTF_8);
        assertThat(ProvisionRulesLoader.load(new ByteArrayInputStream(written))).isEqualTo(rules);
    }

    private static void holdsItsContract(FourInfo info) {
        assertThat(info.dateOfBirth()).isNotNull();
        assertThat(info.address() != null || info.sex() != null).isTrue();
        assertThat(info.normalizedName()).isNotEmpty();
        assertThat(info.name().codePointCount(0, info.name().length())).isLessThanOrEqualTo(FourInfo.MAX_NAME_LENGTH);
        if (info.address() != null) {
            assertThat(info.normalizedAddress()).isEqualTo(NameNormalizer.normalize(info.address())).isNotEmpty();
        }
    }
}
