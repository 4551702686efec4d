package jp.jukinet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.code.ResidentCode;

class InvalidValueExceptionTest {

    @Test
    void namesTheFieldAndTheReason() {
        InvalidValueException e = new InvalidValueException("dateOfBirth", "must not be after the notified date");
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.field()).isEqualTo("dateOfBirth");
        assertThat(e.reason()).isEqualTo("must not be after the notified date");
        assertThat(e.getMessage()).isEqualTo("dateOfBirth: must not be after the notified date");
    }

    @Test
    void canBeReHomedToTheFieldThatCarriedTheValue() {
        InvalidValueException original = new InvalidValueException(ResidentCode.FIELD, "check digit does not match");
        InvalidValueException moved = original.withField("previousResidentCode");
        assertThat(moved.field()).isEqualTo("previousResidentCode");
        assertThat(moved.reason()).isEqualTo(original.reason());
        assertThat(moved.getCause()).isSameAs(original);
    }

    @Test
    void requiresAField() {
        assertThatThrownBy(() -> new InvalidValueException(" ", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
