package jp.jukinet.portal.enrolment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A resident enrolled at the portal: the name their passkeys' user carries ({@code r-…}, chosen by the
 * portal), the resident it stands for, and the slip they enrolled with (a slip enrols once: the column
 * is unique). Enrolled when a passkey is registered; until then the row only holds the slip.
 */
@Entity
@Table(name = "portal_residents")
public class PortalResident {

    @Id
    @Column(name = "user_name", nullable = false, updatable = false)
    private String userName;

    @Column(name = "resident_code", nullable = false, updatable = false, length = 11)
    private String residentCode;

    @Column(name = "slip_id", nullable = false, updatable = false, unique = true)
    private UUID slipId;

    @Column(name = "municipality", nullable = false, updatable = false, length = 6)
    private String municipality;

    @Column(name = "activated_at", nullable = false, updatable = false)
    private Instant activatedAt;

    @Column(name = "enrolled_at")
    private Instant enrolledAt;

    @Version
    private Long version;

    protected PortalResident() {
        // for JPA
    }

    PortalResident(String residentCode, String municipality, UUID slipId, Instant activatedAt) {
        this.userName = "r-" + UUID.randomUUID();
        this.residentCode = residentCode;
        this.municipality = municipality;
        this.slipId = slipId;
        this.activatedAt = activatedAt;
    }

    public String userName() {
        return userName;
    }

    public String residentCode() {
        return residentCode;
    }

    public boolean enrolled() {
        return enrolledAt != null;
    }

    void enrolledAt(Instant now) {
        if (enrolledAt == null) {
            enrolledAt = now;
        }
    }

    @Override
    public String toString() {
        return "PortalResident[" + userName + "]";
    }
}
