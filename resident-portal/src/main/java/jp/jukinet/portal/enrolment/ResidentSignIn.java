package jp.jukinet.portal.enrolment;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The user behind a passkey that signed in: an enrolled resident, as {@code ROLE_RESIDENT}. A passkey's
 * user that never finished enrolling signs nobody in. There is no password: the one stored is unusable.
 */
@Service
public class ResidentSignIn implements UserDetailsService {

    private final PortalResidents residents;

    ResidentSignIn(PortalResidents residents) {
        this.residents = residents;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String userName) {
        PortalResident resident = residents.findByUserName(userName).filter(PortalResident::enrolled)
                .orElseThrow(() -> new UsernameNotFoundException("no enrolled resident"));
        return new User(resident.userName(), "{noop}" + java.util.UUID.randomUUID(), true, true, true, true,
                List.of(new SimpleGrantedAuthority("ROLE_" + PortalRole.RESIDENT.name())));
    }
}
