package jp.jukinet.provision.heads;

import java.util.List;

/**
 * What a node holds of another node's chain: the heads the owner signed and pushed (oldest first)
 * and the heads that contradicted them ({@link HeadConflict}). The answer of
 * {@code GET …/provision-heads} to the owner.
 *
 * @param holder the node that holds them
 * @param owner  the node whose chain they are about
 */
public record HeldHeads(String holder, String owner, List<SignedHead> heads, List<HeadConflict> conflicts) {

    public HeldHeads {
        heads = List.copyOf(heads);
        conflicts = List.copyOf(conflicts);
    }
}
