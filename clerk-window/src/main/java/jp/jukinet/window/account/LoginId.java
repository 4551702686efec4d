package jp.jukinet.window.account;

import jp.jukinet.model.InvalidValueException;

/**
 * A clerk's login id: 3 to 32 lower-case ASCII letters, digits, '.', '-' or '_', starting with a
 * letter. What a clerk types is trimmed and lower-cased first, so {@code " Tanaka.H "} and
 * {@code tanaka.h} are one account.
 */
public record LoginId(String value) {

    public LoginId {
        if (value == null || !value.matches("[a-z][a-z0-9._-]{2,31}")) {
            throw new InvalidValueException("loginId",
                    "a login id is 3 to 32 lower-case letters, digits, '.', '-' or '_', starting with a letter");
        }
    }

    /** The login id a clerk typed. */
    public static LoginId typed(String typed) {
        return new LoginId(typed == null ? null : typed.strip().toLowerCase(java.util.Locale.ROOT));
    }
}
