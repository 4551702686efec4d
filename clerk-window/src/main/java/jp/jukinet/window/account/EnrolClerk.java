package jp.jukinet.window.account;

import java.time.Clock;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.window.WindowSettings;

/**
 * Opens a clerk's account at one of the municipalities this window serves, with a password of at
 * least {@value #MIN_PASSWORD} characters, kept as a bcrypt hash. Refusals name the field.
 */
@Service
public class EnrolClerk {

    /** The shortest password the window takes (NIST SP 800-63B: at least 8; a counter shares screens). */
    public static final int MIN_PASSWORD = 12;

    private final ClerkAccounts accounts;
    private final PasswordEncoder passwords;
    private final WindowSettings settings;
    private final Clock clock;

    EnrolClerk(ClerkAccounts accounts, PasswordEncoder passwords, WindowSettings settings, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The account, new, or the one already open under {@code loginId} when it is for the same
     * municipality (its password unchanged): enrolling the demo clerks at every start is harmless.
     *
     * @throws InvalidValueException naming {@code loginId}, {@code municipality}, {@code displayName} or
     *                               {@code password}
     */
    @Transactional
    public ClerkAccount enrol(String loginId, String password, String municipality, String displayName) {
        LoginId id = LoginId.typed(loginId);
        LocalGovernmentCode lg = LocalGovernmentCode.of(municipality);
        if (!settings.serves(lg)) {
            throw new InvalidValueException("municipality", "this window does not serve municipality " + lg.value());
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 100) {
            throw new InvalidValueException("displayName", "a clerk's name is required, at most 100 characters");
        }
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            throw new InvalidValueException("password", "a password has at least " + MIN_PASSWORD + " characters");
        }
        return accounts.findByLoginId(id.value()).map(existing -> {
            if (!existing.municipality().equals(lg.value())) {
                throw new InvalidValueException("loginId", "this login id belongs to a clerk of another municipality");
            }
            return existing;
        }).orElseGet(() -> accounts.save(new ClerkAccount(id, passwords.encode(password), lg.value(), displayName.strip(),
                clock.instant())));
    }
}
