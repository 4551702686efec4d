package jp.jukinet.national.numbering;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.service.notice.AdmitNotices;

/**
 * What J-LIS's numbering knows for its notice inbox: which municipality each resident code was
 * allocated to ({@link ResidentCodeBlocks#allocatedTo}), so that a municipality registers a new
 * person only under a code it was given.
 */
@Component
class AllocatedCodes implements AdmitNotices.CodeAllocations {

    private final ResidentCodeBlocks blocks;

    AllocatedCodes(ResidentCodeBlocks blocks) {
        this.blocks = blocks;
    }

    @Override
    public Set<ResidentCode> allocated(Map<ResidentCode, LocalGovernmentCode> claims) {
        Map<ResidentCode, LocalGovernmentCode> allocated = blocks.allocatedTo(claims.keySet());
        return claims.entrySet().stream().filter(claim -> claim.getValue().equals(allocated.get(claim.getKey())))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }
}
