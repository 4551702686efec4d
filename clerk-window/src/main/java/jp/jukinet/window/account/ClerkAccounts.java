package jp.jukinet.window.account;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** The window's clerk accounts. */
public interface ClerkAccounts extends JpaRepository<ClerkAccount, Long> {

    Optional<ClerkAccount> findByLoginId(String loginId);

    boolean existsByLoginId(String loginId);
}
