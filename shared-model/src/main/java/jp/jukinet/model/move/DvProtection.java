package jp.jukinet.model.move;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.ResidentCode;

/**
 * DV support measures (DV等支援措置, 住民基本台帳事務処理要領 第5-10) for one resident: while they stand,
 * a copy of the resident's record (住民票の写し) is refused to anyone but the person, and the
 * attempt is recorded for the municipality's clerks. The measures travel with a move.
 *
 * <p>Contract (refusals name the field): {@code endDate} is required; {@code restrictedRequesters}
 * (the named 加害者) holds at most {@value #MAX_REQUESTERS} distinct resident codes and may be empty
 * (a request by anyone but the person is refused either way: naming them marks their attempts).
 *
 * @param restrictedRequesters the persons named as those the measures protect against
 * @param endDate              the last day the measures stand (they are reviewed, typically yearly)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DvProtection(List<ResidentCode> restrictedRequesters, LocalDate endDate) {

    /** The most restricted requesters one flag names. */
    public static final int MAX_REQUESTERS = 20;

    /** @throws InvalidValueException naming the field when the contract above is broken */
    public DvProtection {
        if (endDate == null) {
            throw new InvalidValueException("endDate", "the end date of the support measures is required");
        }
        restrictedRequesters = restrictedRequesters == null ? List.of() : restrictedRequesters;
        if (restrictedRequesters.size() > MAX_REQUESTERS) {
            throw new InvalidValueException("restrictedRequesters", "at most " + MAX_REQUESTERS + " restricted requesters");
        }
        Set<ResidentCode> seen = new HashSet<>();
        for (int i = 0; i < restrictedRequesters.size(); i++) {
            ResidentCode code = restrictedRequesters.get(i);
            if (code == null) {
                throw new InvalidValueException("restrictedRequesters[" + i + "]", "must not be null");
            }
            if (!seen.add(code)) {
                throw new InvalidValueException("restrictedRequesters[" + i + "]", "appears more than once");
            }
        }
        restrictedRequesters = List.copyOf(restrictedRequesters);
    }

    /** Whether the measures stand on {@code today} (the end date included). */
    public boolean inForce(LocalDate today) {
        return !today.isAfter(endDate);
    }

    /** Whether {@code requester} is one of the persons named. */
    public boolean names(ResidentCode requester) {
        return requester != null && restrictedRequesters.contains(requester);
    }

    /** Shows no resident code: who is named is itself protected information. */
    @Override
    public String toString() {
        return "DvProtection[restrictedRequesters=" + restrictedRequesters.size() + ", endDate=" + endDate + "]";
    }
}
