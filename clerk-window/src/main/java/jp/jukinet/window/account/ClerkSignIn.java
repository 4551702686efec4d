package jp.jukinet.window.account;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.jukinet.model.InvalidValueException;

/**
 * Signing in at the window: finds the clerk's account, and counts failed attempts so that the
 * {@value ClerkAccount#ATTEMPTS}th wrong password in a row locks it for {@link ClerkAccount#LOCK}. The log
 * names the login id (a clerk's work identity), never what was typed as a password.
 */
@Service
public class ClerkSignIn implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(ClerkSignIn.class);

    private final ClerkAccounts accounts;
    private final Clock clock;

    ClerkSignIn(ClerkAccounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String typed) {
        LoginId loginId;
        try {
            loginId = LoginId.typed(typed);
        } catch (InvalidValueException e) {
            throw new UsernameNotFoundException("no such clerk");
        }
        ClerkAccount account = accounts.findByLoginId(loginId.value())
                .orElseThrow(() -> new UsernameNotFoundException("no such clerk"));
        return new Clerk(account, account.lockedAt(clock.instant()));
    }

    @EventListener
    @Transactional
    public void failed(AuthenticationFailureBadCredentialsEvent event) {
        String typed = String.valueOf(event.getAuthentication().getPrincipal());
        try {
            accounts.findByLoginId(LoginId.typed(typed).value()).ifPresent(account -> {
                account.failedSignIn(clock.instant());
                if (account.lockedAt(clock.instant())) {
                    log.warn("clerk account {} locked after {} failed sign-ins", account.loginId(), ClerkAccount.ATTEMPTS);
                }
            });
        } catch (InvalidValueException e) {
            // not a login id at all: no account to count against
        }
    }

    @EventListener
    @Transactional
    public void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof Clerk clerk) {
            accounts.findByLoginId(clerk.getUsername()).ifPresent(ClerkAccount::signedIn);
        }
    }
}
