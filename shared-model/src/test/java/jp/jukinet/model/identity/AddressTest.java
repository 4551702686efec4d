package jp.jukinet.model.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import jp.jukinet.model.InvalidValueException;

class AddressTest {

    @Test
    void acceptsAnAddressAndNormalizesItForMatching() {
        Address address = new Address("東京都千代田区千代田１番１号　ﾏﾝｼｮﾝ101");
        assertThat(address.text()).isEqualTo("東京都千代田区千代田１番１号　ﾏﾝｼｮﾝ101");
        assertThat(address.normalizedText()).isEqualTo("東京都千代田区千代田1番1号マンション101");
        assertThat(new Address("住".repeat(200)).text()).hasSize(200);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\u3000\u3000", "東京都\n千代田区", "東京都\u0007", "東京都\u200E千代田区"})
    void refusesMissingBlankOrControlText(String text) {
        assertThatThrownBy(() -> new Address(text))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("address.text"));
    }

    @Test
    void refusesTooLongText() {
        assertThatThrownBy(() -> new Address("住".repeat(201)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("address.text");
                    assertThat(e.reason()).contains("longer than 200");
                });
    }
}
