package jp.jukinet.portal.enrolment;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** The residents enrolled (or enrolling) at the portal, by the name their passkeys' user carries. */
public interface PortalResidents extends JpaRepository<PortalResident, String> {

    boolean existsBySlipId(UUID slipId);

    Optional<PortalResident> findBySlipId(UUID slipId);

    Optional<PortalResident> findByUserName(String userName);
}
