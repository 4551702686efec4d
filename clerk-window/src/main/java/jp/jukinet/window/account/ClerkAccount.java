package jp.jukinet.window.account;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A clerk's account at the window: who they are, the municipality they work for, and their password's
 * hash (never the password). After {@value #ATTEMPTS} failed sign-ins in a row it is locked for
 * {@link #LOCK}: a guessed password needs the clerk's login id and many hours.
 */
@Entity
@Table(name = "clerk_accounts")
public class ClerkAccount {

    /** Failed sign-ins in a row that lock the account. */
    public static final int ATTEMPTS = 5;
    /** How long a locked account stays locked. */
    public static final Duration LOCK = Duration.ofMinutes(15);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "login_id", nullable = false, unique = true, updatable = false)
    private String loginId;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    /** The municipality's 地方公共団体コード: the only one whose residents this clerk sees. */
    @Column(nullable = false, updatable = false, length = 6)
    private String municipality;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(name = "failed_attempts", nullable = false)
    private int failedAttempts;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Version
    private Long version;

    protected ClerkAccount() {
        // for JPA
    }

    ClerkAccount(LoginId loginId, String passwordHash, String municipality, String displayName, Instant createdAt) {
        this.loginId = loginId.value();
        this.passwordHash = passwordHash;
        this.municipality = municipality;
        this.displayName = displayName;
        this.createdAt = createdAt;
    }

    public String loginId() {
        return loginId;
    }

    String passwordHash() {
        return passwordHash;
    }

    public String municipality() {
        return municipality;
    }

    public String displayName() {
        return displayName;
    }

    int failedAttempts() {
        return failedAttempts;
    }

    /** Whether a sign-in at {@code now} is refused because of earlier failures. */
    boolean lockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** One more failed sign-in; the {@value #ATTEMPTS}th in a row locks the account. */
    void failedSignIn(Instant now) {
        if (lockedAt(now)) {
            return; // refused while locked: the lock does not grow with every try
        }
        failedAttempts++;
        if (failedAttempts >= ATTEMPTS) {
            lockedUntil = now.plus(LOCK);
            failedAttempts = 0;
        }
    }

    void signedIn() {
        failedAttempts = 0;
        lockedUntil = null;
    }

    void changePassword(String newHash) {
        this.passwordHash = newHash;
    }

    @Override
    public String toString() {
        return "ClerkAccount[loginId=" + loginId + ", municipality=" + municipality + "]";
    }
}
