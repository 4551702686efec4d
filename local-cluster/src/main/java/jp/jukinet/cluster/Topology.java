package jp.jukinet.cluster;

import java.util.List;
import java.util.Optional;

/**
 * What the local cluster runs: the gateway, the national server, the servers of 東京都 (13) and
 * 大阪府 (27), and two municipalities' CSs in each, on the ports the gateway's policy names by
 * default (shifted together by {@code portOffset}), plus the PostgreSQL that holds a database per
 * node, and the clerks' window and the residents' portal.
 */
record Topology(int portOffset) {

    /** The default port of the cluster's embedded PostgreSQL; not 5432, so a local server can stay. */
    static final int POSTGRES_PORT = 54320;

    enum Kind { GATEWAY, NATIONAL, PREFECTURE, CS }

    /**
     * One node.
     *
     * @param name    its identity: certificate name, gateway node name, and database name (with '_')
     * @param kind    which service it is
     * @param code    the prefecture or local government code it serves, or {@code null}
     * @param label   what a person calls it
     * @param port    where it listens
     */
    record Node(String name, Kind kind, String code, String label, int port) {

        /** The node's database, or empty for the gateway, which keeps no state. */
        Optional<String> database() {
            return kind == Kind.GATEWAY ? Optional.empty() : Optional.of(name.replace('-', '_'));
        }

        String baseUrl() {
            return "https://localhost:" + port;
        }
    }

    /** The municipalities: local government code, name, prefecture, and 2020 census population (for weights). */
    record Municipality(String code, String name, String prefecture, String prefectureName, int population) {
    }

    static final List<Municipality> MUNICIPALITIES = List.of(
            new Municipality("131016", "千代田区", "13", "東京都", 66_680),
            new Municipality("131130", "渋谷区", "13", "東京都", 243_883),
            new Municipality("271004", "大阪市", "27", "大阪府", 2_752_412),
            new Municipality("272035", "豊中市", "27", "大阪府", 401_558));

    Topology {
        if (portOffset < 0 || portOffset + 8443 > 65_000 || portOffset + POSTGRES_PORT > 65_535) {
            throw new IllegalArgumentException("port offset must keep every port below 65,535; got " + portOffset);
        }
    }

    /** Every node, in the order they start: the gateway and J-LIS first, the CSs last. */
    List<Node> nodes() {
        return List.of(
                new Node("gateway", Kind.GATEWAY, null, "gateway (firewall between zones)", 8443 + portOffset),
                new Node("national", Kind.NATIONAL, null, "national server (J-LIS)", 8300 + portOffset),
                new Node("pref-13", Kind.PREFECTURE, "13", "prefecture server 東京都", 8200 + portOffset),
                new Node("pref-27", Kind.PREFECTURE, "27", "prefecture server 大阪府", 8201 + portOffset),
                cs(0), cs(1), cs(2), cs(3));
    }

    private Node cs(int index) {
        Municipality municipality = MUNICIPALITIES.get(index);
        return new Node("cs-" + municipality.code(), Kind.CS, municipality.code(),
                "CS " + municipality.name() + " (" + municipality.prefectureName() + ")", 8100 + index + portOffset);
    }

    Node node(String name) {
        return nodes().stream().filter(node -> node.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    Node gateway() {
        return node("gateway");
    }

    /**
     * A web application of people (F11), beside the nodes: plain http on the loopback interface, which
     * the applications allow only there ({@code LoopbackUnlessTls}) and browsers treat as a secure context.
     */
    record WebApp(String name, String label, int port) {

        String baseUrl() {
            return "http://localhost:" + port;
        }
    }

    /** The clerks' window (窓口) of the four municipalities. */
    WebApp window() {
        return new WebApp("window", "窓口 (the clerks' window)", 8090 + portOffset);
    }

    /** The residents' portal (住民ポータル). */
    WebApp portal() {
        return new WebApp("portal", "住民ポータル (residents)", 8091 + portOffset);
    }

    List<WebApp> webApps() {
        return List.of(window(), portal());
    }

    int postgresPort() {
        return POSTGRES_PORT + portOffset;
    }
}
