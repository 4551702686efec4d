package jp.jukinet.window.account;

import java.util.Collection;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import jp.jukinet.model.code.LocalGovernmentCode;

/**
 * A signed-in clerk, as the window's pages know them: their login id, name and municipality. The
 * password's hash is here only while Spring Security checks a sign-in; it is erased after.
 */
public final class Clerk implements UserDetails, org.springframework.security.core.CredentialsContainer {

    private static final List<GrantedAuthority> CLERK = List.of(new SimpleGrantedAuthority("ROLE_CLERK"));

    private final String loginId;
    private final LocalGovernmentCode municipality;
    private final String displayName;
    private final boolean locked;
    private String passwordHash;

    Clerk(ClerkAccount account, boolean locked) {
        this.loginId = account.loginId();
        this.municipality = LocalGovernmentCode.of(account.municipality());
        this.displayName = account.displayName();
        this.passwordHash = account.passwordHash();
        this.locked = locked;
    }

    /** The municipality the clerk works for: the only one whose residents the window shows them. */
    public LocalGovernmentCode municipality() {
        return municipality;
    }

    public String displayName() {
        return displayName;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return CLERK;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return loginId;
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Clerk clerk && clerk.loginId.equals(loginId);
    }

    @Override
    public int hashCode() {
        return loginId.hashCode();
    }

    @Override
    public String toString() {
        return "Clerk[" + loginId + ", " + municipality.value() + "]";
    }
}
