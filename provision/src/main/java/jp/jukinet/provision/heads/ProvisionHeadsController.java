package jp.jukinet.provision.heads;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * The receiving end of the exchange of signed chain heads, between J-LIS and the prefectures,
 * through the gateway (routes {@code provision-heads-*} of its policy):
 * {@value #NATIONAL} at J-LIS, {@value #PREFECTURE} at a prefecture server.
 */
@RestController
public class ProvisionHeadsController {

    static final String NATIONAL = "/internal/v1/national/provision-heads";
    static final String PREFECTURE = "/internal/v1/prefectures/{pref}/provision-heads";

    private final HeadStore store;
    private final String node;

    public ProvisionHeadsController(HeadStore store, String node) {
        this.store = store;
        this.node = node;
    }

    @Operation(summary = "Keep the caller's signed provision-chain head",
            description = "Only the caller's own chain (owner = the caller the gateway verified; 403 otherwise), only "
                    + "with its signature (its Ed25519 key from the PKI; 400 otherwise), only forward: a head below the "
                    + "last held, or whose chain gives another hash at the seq held (its signed witness), is kept as "
                    + "evidence (outcome REGRESSION or REWRITE), not accepted. A witness not at the seq held: 409, "
                    + "nothing kept (ask with GET and sign again).")
    @PostMapping({NATIONAL, PREFECTURE})
    public HeadReceipt receive(@PathVariable(name = "pref", required = false) String pref, @RequestBody SignedHead head,
                               @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE) String caller) {
        thisNode(pref);
        return store.receive(caller, head);
    }

    @Operation(summary = "What this node holds of the caller's provision chain",
            description = "The heads of the caller's own chain kept here, oldest first (latest=true: the last only), and "
                    + "the heads of it refused as contradicting them. A caller reads only its own chain's.")
    @GetMapping({NATIONAL, PREFECTURE})
    public HeldHeads held(@PathVariable(name = "pref", required = false) String pref,
                          @RequestParam(name = "latest", defaultValue = "false") boolean latest,
                          @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE) String caller) {
        thisNode(pref);
        return store.held(caller, latest);
    }

    /** The path names this node, or it is not for this node (the gateway routes by it: a mismatch is a misroute). */
    private void thisNode(String pref) {
        String named = pref == null ? "national" : "pref-" + pref;
        if (!named.equals(node)) {
            throw Refusal.notFound("pref", "this is " + node + ", not " + named);
        }
    }
}
