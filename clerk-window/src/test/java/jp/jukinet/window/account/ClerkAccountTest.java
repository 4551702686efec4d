package jp.jukinet.window.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;

class ClerkAccountTest {

    private static final Instant NOW = Instant.parse("2026-12-03T01:00:00Z");

    @Test
    void theFifthFailureInARowLocksForFifteenMinutesAndASuccessForgetsTheFailures() {
        ClerkAccount account = new ClerkAccount(LoginId.typed("tanaka"), "$2a$10$x", "131016", "田中", NOW);
        for (int i = 1; i < ClerkAccount.ATTEMPTS; i++) {
            account.failedSignIn(NOW);
        }
        assertThat(account.lockedAt(NOW)).isFalse();
        account.signedIn();
        for (int i = 1; i < ClerkAccount.ATTEMPTS; i++) {
            account.failedSignIn(NOW);
        }
        assertThat(account.lockedAt(NOW)).as("the count started again after the success").isFalse();
        account.failedSignIn(NOW);
        assertThat(account.lockedAt(NOW)).isTrue();
        // tries while locked do not push the end of the lock
        account.failedSignIn(NOW.plusSeconds(600));
        assertThat(account.lockedAt(NOW.plus(ClerkAccount.LOCK).minusSeconds(1))).isTrue();
        assertThat(account.lockedAt(NOW.plus(ClerkAccount.LOCK))).isFalse();
    }

    @Test
    void aLoginIdIsTrimmedAndLowerCasedOrRefused() {
        assertThat(LoginId.typed("  Tanaka.H ").value()).isEqualTo("tanaka.h");
        assertThatThrownBy(() -> LoginId.typed("x")).isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("loginId"));
        assertThatThrownBy(() -> LoginId.typed("田中")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> LoginId.typed(null)).isInstanceOf(InvalidValueException.class);
    }
}
