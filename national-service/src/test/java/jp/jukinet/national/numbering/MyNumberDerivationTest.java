package jp.jukinet.national.numbering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;

class MyNumberDerivationTest {

    static final byte[] KEY = bytes(32, 1);
    static final byte[] OTHER_KEY = bytes(32, 2);
    static final List<ResidentCode> CODES = LongStream.range(0, 1000)
            .mapToObj(i -> ResidentCode.fromSerial(1_000_000_000L + i)).toList();

    static MyNumberDerivation derivation(byte[] key) {
        return new MyNumberDerivation(new NumberingSettings(Base64.getEncoder().encodeToString(key), 10, java.time.Duration.ofDays(30)));
    }

    @Test
    void isDeterministicForKeyCodeAndCounter() {
        MyNumberDerivation one = derivation(KEY);
        MyNumberDerivation again = derivation(KEY.clone());
        for (ResidentCode code : CODES) {
            assertThat(again.derive(code, 0)).isEqualTo(one.derive(code, 0));
            assertThat(again.derive(code, 7)).isEqualTo(one.derive(code, 7));
        }
    }

    @Test
    void anotherKeyGivesOtherNumbersForTheSameCodes() {
        MyNumberDerivation one = derivation(KEY);
        MyNumberDerivation other = derivation(OTHER_KEY);
        // With 10^11 possible numbers, even one equal pair among 1000 codes would be a 1-in-10^8 event.
        assertThat(CODES).noneMatch(code -> one.derive(code, 0).equals(other.derive(code, 0)));
    }

    @Test
    void everyCodeAndEveryCounterGivesAnotherNumber() {
        MyNumberDerivation derivation = derivation(KEY);
        Set<MyNumber> numbers = new HashSet<>();
        for (ResidentCode code : CODES) {
            for (int counter = 0; counter < 3; counter++) {
                numbers.add(derivation.derive(code, counter));
            }
        }
        assertThat(numbers).hasSize(CODES.size() * 3);
        // Consecutive codes give unrelated numbers: nothing of the code's order survives.
        assertThat(derivation.derive(CODES.get(1), 0).value()).isNotEqualTo(derivation.derive(CODES.get(0), 0).value());
        assertThatThrownBy(() -> derivation.derive(CODES.get(0), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isTheDocumentedHmacConstruction() throws Exception {
        ResidentCode code = CODES.get(42);
        int counter = 3;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update("jukinet-my-number-v1".getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 0);
        mac.update(code.value().getBytes(StandardCharsets.US_ASCII));
        mac.update(ByteBuffer.allocate(4).putInt(counter).array());
        long first8 = ByteBuffer.wrap(Arrays.copyOf(mac.doFinal(), 8)).getLong();
        MyNumber expected = MyNumber.fromData(Long.remainderUnsigned(first8, 100_000_000_000L));
        assertThat(derivation(KEY).derive(code, counter)).isEqualTo(expected);
    }

    @Test
    void theKeyMustBeBase64OfAtLeast32Bytes() {
        String shortKey = Base64.getEncoder().encodeToString(bytes(31, 3));
        assertThatThrownBy(() -> new NumberingSettings(shortKey, 10, java.time.Duration.ofDays(30))).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new NumberingSettings(null, 10, java.time.Duration.ofDays(30))).hasMessageContaining("is required");
        assertThatThrownBy(() -> new NumberingSettings("  ", 10, java.time.Duration.ofDays(30))).hasMessageContaining("is required");
        assertThatThrownBy(() -> new NumberingSettings("not base64 at all!", 10, java.time.Duration.ofDays(30)))
                .hasMessageContaining("not valid base64").hasNoCause();
        String key = Base64.getEncoder().encodeToString(KEY);
        assertThatThrownBy(() -> new NumberingSettings(key, 0, java.time.Duration.ofDays(30))).hasMessageContaining("max-attempts");
        NumberingSettings settings = new NumberingSettings(key, 10, java.time.Duration.ofDays(30));
        assertThat(settings.keyBytes()).isEqualTo(KEY);
        assertThat(settings.toString()).doesNotContain(key);
    }

    @Test
    void theServiceDoesNotStartWithAShortKeyOrWithoutAKey() {
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues("jukinet.national.numbering.key=" + Base64.getEncoder().encodeToString(bytes(16, 4)))
                .run(context -> assertThat(context.getStartupFailure()).isNotNull().rootCause()
                        .hasMessageContaining("at least 32 bytes"));
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues("jukinet.national.numbering.max-attempts=3")
                .run(context -> assertThat(context.getStartupFailure()).isNotNull().rootCause()
                        .hasMessageContaining("jukinet.national.numbering.key is required"));
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .run(context -> assertThat(context.getStartupFailure()).isNotNull().rootCause()
                        .hasMessageContaining("jukinet.national.numbering.key is required"));
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues("jukinet.national.numbering.key=" + Base64.getEncoder().encodeToString(KEY))
                .run(context -> assertThat(context.getBean(NumberingSettings.class).maxAttempts()).isEqualTo(10));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NumberingSettings.class)
    static class Settings {
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i * 7);
        }
        return bytes;
    }
}
