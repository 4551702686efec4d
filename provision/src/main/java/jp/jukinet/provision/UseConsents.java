package jp.jukinet.provision;

import java.util.Collection;
import java.util.Set;

import jp.jukinet.model.code.ResidentCode;

/**
 * The consents people gave to a prefecture's use of their identity information for a task (住基法
 * 第30条の15第1項第3号, 本人の同意). A node that serves such rules provides this from its own
 * records; a node without it has no consent to show, so every use under such a rule is refused.
 */
public interface UseConsents {

    /**
     * Of {@code people}, those whose consent to the rule {@code basis} is recorded and not revoked
     * now.
     */
    Set<ResidentCode> consenting(String basis, Collection<ResidentCode> people);
}
