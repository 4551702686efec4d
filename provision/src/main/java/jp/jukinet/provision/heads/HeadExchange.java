package jp.jukinet.provision.heads;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

import jp.jukinet.provision.ChainVerification;
import jp.jukinet.provision.ProvisionChain;
import jp.jukinet.provision.ProvisionRecords;

/**
 * This node's side of the exchange of signed chain heads (issue #15): J-LIS's heads kept at every
 * prefecture, each prefecture's kept at J-LIS.
 * <ul>
 *   <li>{@link #exchange}: for each peer, asks which head of this chain it holds last, signs the
 *       current head with that seq's hash as witness, and pushes it. On a schedule and on demand.</li>
 *   <li>{@link #check}: asks each peer for every head of this chain it holds (and the conflicts it
 *       found), checks this node's signature on each, walks the chain's links and compares the
 *       chain with the heads: names the first seq whose hash differs, or the seqs missing after a
 *       truncation. An operator who cut the tail and reset the head row here cannot change the
 *       copies the other tiers hold, nor sign a head the chain never had without this node's key.</li>
 * </ul>
 */
public class HeadExchange {

    private static final Logger log = LoggerFactory.getLogger(HeadExchange.class);

    private final HeadKeys keys;
    private final OwnChain chain;
    private final ProvisionRecords records;
    private final HeadExchangeClient client;
    private final List<String> peers;
    private final Clock clock;
    private final AtomicReference<AnchorReport> lastCheck = new AtomicReference<>();

    public HeadExchange(HeadKeys keys, OwnChain chain, ProvisionRecords records, HeadExchangeClient client,
                        List<String> peers, Clock clock) {
        this.keys = keys;
        this.chain = chain;
        this.records = records;
        this.client = client;
        this.peers = List.copyOf(peers);
        this.clock = clock;
    }

    public String node() {
        return keys.node();
    }

    public List<String> peers() {
        return peers;
    }

    /** The current head, signed for a receiver whose last held head is at {@code heldSeq} (0: none). */
    public SignedHead sign(long heldSeq) {
        OwnChain.Head head = chain.head();
        long witnessSeq = 0;
        byte[] witnessHash = ProvisionChain.GENESIS;
        if (heldSeq <= head.seq()) {
            // the chain's hash where the receiver's head is; a chain that lost that record says so with zeros,
            // and the receiver keeps the head as a REWRITE
            witnessSeq = heldSeq;
            witnessHash = chain.hashAt(heldSeq).orElse(new byte[32]);
        }
        // a head below what the receiver holds is signed too: the receiver keeps it as evidence of the regression
        return SignedHead.sign(keys.node(), head.seq(), head.hash(), clock.instant(), witnessSeq, witnessHash,
                keys.privateKey());
    }

    /**
     * Pushes the current signed head to every peer.
     *
     * @return by peer, the receiver's outcome ({@link HeadReceipt#outcome}) or {@code UNREACHABLE: why}
     */
    public Map<String, String> exchange() {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String peer : peers) {
            outcomes.put(peer, pushTo(peer));
        }
        return outcomes;
    }

    private String pushTo(String peer) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                long heldSeq = client.held(peer, true).heads().stream().mapToLong(SignedHead::seq).max().orElse(0);
                HeadReceipt receipt = client.push(peer, sign(heldSeq));
                if (receipt.conflict()) {
                    log.error("{} refused this node's provision chain head as a {} of the head it holds at seq {}",
                            peer, receipt.outcome(), receipt.heldSeq());
                }
                return receipt.outcome();
            } catch (HttpClientErrorException.Conflict e) {
                // the peer's last head moved between the question and the push (another push): ask again
                log.debug("{} holds another head than asked; signing again", peer);
            } catch (RestClientException e) {
                log.warn("Could not exchange the provision chain head with {}: {}", peer, e.getMessage());
                return "UNREACHABLE: " + e.getMessage();
            }
        }
        return "UNREACHABLE: the held head kept moving";
    }

    /** This node's chain against the heads the peers hold (see the class documentation). */
    public AnchorReport check() {
        Instant at = clock.instant();
        Map<String, Long> latestHeldBy = new TreeMap<>();
        Map<String, String> unreachable = new TreeMap<>();
        Map<String, List<HeadConflict>> conflicts = new TreeMap<>();
        List<String> badSignatures = new ArrayList<>();
        List<SignedHead> heads = new ArrayList<>();
        for (String peer : peers) {
            HeldHeads held;
            try {
                held = client.held(peer, false);
            } catch (RestClientException e) {
                unreachable.put(peer, e.getMessage());
                continue;
            }
            for (SignedHead head : held.heads()) {
                if (head.owner().equals(keys.node()) && head.signedBy(keys.publicKey(keys.node()).orElseThrow())) {
                    heads.add(head);
                    latestHeldBy.merge(peer, head.seq(), Math::max);
                } else {
                    badSignatures.add(peer + "@" + head.seq());
                }
            }
            latestHeldBy.putIfAbsent(peer, 0L);
            if (!held.conflicts().isEmpty()) {
                conflicts.put(peer, held.conflicts());
            }
        }
        ChainVerification links = records.verify();
        long last = chain.lastRecordSeq();
        HeadComparison comparison = HeadComparison.compare(last,
                chain.hashesAt(heads.stream().map(SignedHead::seq).filter(seq -> seq <= last).distinct().toList()), heads);
        boolean differs = !links.intact() || !comparison.agrees() || !badSignatures.isEmpty() || !conflicts.isEmpty();
        String status = differs ? AnchorReport.DIFFERS : latestHeldBy.isEmpty() ? AnchorReport.UNCHECKED : AnchorReport.AGREES;
        String where = comparison.where();
        if (!links.intact()) {
            where = (where == null ? "" : where + "; ") + "link broken at record " + links.brokenAt() + ": " + links.problem();
        }
        if (!conflicts.isEmpty()) {
            where = (where == null ? "" : where + "; ") + "other tiers hold heads of this chain that contradict each other: "
                    + conflicts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().stream()
                            .map(c -> c.kind() + " of seq " + c.heldSeq() + " by seq " + c.received().seq()).toList())
                            .toList();
        }
        AnchorReport report = new AnchorReport(keys.node(), at, status, links, last, latestHeldBy, unreachable,
                badSignatures, comparison, where, conflicts);
        lastCheck.set(report);
        if (differs) {
            log.error("Provision chain of {} DIFFERS from the heads other tiers hold: {}", keys.node(), where);
        } else {
            log.info("Provision chain of {}: {} ({} heads held by {})", keys.node(), status, heads.size(), latestHeldBy.keySet());
        }
        return report;
    }

    /** The last {@link #check}, if any ran. */
    public AnchorReport lastCheck() {
        return lastCheck.get();
    }

    /** The heads of this chain every peer holds (for an export); peers that do not answer are left out. */
    public Map<String, List<SignedHead>> heldElsewhere() {
        Map<String, List<SignedHead>> held = new TreeMap<>();
        for (String peer : peers) {
            try {
                held.put(peer, client.held(peer, false).heads());
            } catch (RestClientException e) {
                log.warn("Could not read the heads {} holds of this chain: {}", peer, e.getMessage());
            }
        }
        return held;
    }
}
