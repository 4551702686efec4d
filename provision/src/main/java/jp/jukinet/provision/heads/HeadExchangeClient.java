package jp.jukinet.provision.heads;

/** How a node reaches the nodes it exchanges heads with (through the gateway). */
public interface HeadExchangeClient {

    /** What {@code peer} holds of the caller's chain (the caller is the node, as its certificate says). */
    HeldHeads held(String peer, boolean latestOnly);

    /** Pushes this node's signed head to {@code peer}. */
    HeadReceipt push(String peer, SignedHead head);

    /**
     * The path at which {@code node} receives heads and answers what it holds:
     * {@code /internal/v1/national/provision-heads} at J-LIS,
     * {@code /internal/v1/prefectures/{pref}/provision-heads} at a prefecture.
     */
    static String path(String node) {
        if (node.equals("national")) {
            return "/internal/v1/national/provision-heads";
        }
        if (node.matches("pref-\\d{2}")) {
            return "/internal/v1/prefectures/" + node.substring(5) + "/provision-heads";
        }
        throw new IllegalArgumentException(node + " exchanges no chain heads (J-LIS and the prefectures do)");
    }
}
