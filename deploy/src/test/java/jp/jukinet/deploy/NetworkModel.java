package jp.jukinet.deploy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * What NetworkPolicies allow, by the rules of the Kubernetes API (networking.k8s.io/v1): a pod that
 * no policy of its namespace selects for a direction is open in that direction; one that some policy
 * selects is open only to what one of those policies' rules allows; a connection needs both the
 * source's egress and the destination's ingress. A peer's {@code podSelector} alone means the
 * policy's namespace; with a {@code namespaceSelector}, pods of the namespaces it selects.
 * {@code ipBlock}s are taken to match any address in them, pods' addresses included (the API leaves
 * that to the network plugin: assuming it can only find more connections, never fewer).
 */
final class NetworkModel {

    /** A pod (namespace and labels) or an address outside the cluster's pods (namespace null). */
    record Endpoint(String name, String namespace, Map<String, String> namespaceLabels, Map<String, String> labels,
            String address, Map<String, Integer> namedPorts, List<Integer> ports) {

        boolean pod() {
            return namespace != null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<NetworkPolicy> policies;

    NetworkModel(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    /** Whether {@code source} may open a TCP connection to {@code destination} on {@code port}. */
    boolean allows(Endpoint source, Endpoint destination, int port) {
        return allowsEgress(source, destination, port) && allowsIngress(source, destination, port);
    }

    private boolean allowsEgress(Endpoint source, Endpoint destination, int port) {
        if (!source.pod()) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(source, "Egress");
        return selecting.isEmpty() || selecting.stream().flatMap(policy -> orEmpty(policy.getSpec().getEgress()).stream()
                .map(rule -> peers(rule.getTo(), policy, destination) && ports(rule.getPorts(), destination, port)))
                .anyMatch(Boolean::booleanValue);
    }

    private boolean allowsIngress(Endpoint source, Endpoint destination, int port) {
        if (!destination.pod()) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(destination, "Ingress");
        return selecting.isEmpty() || selecting.stream().flatMap(policy -> orEmpty(policy.getSpec().getIngress()).stream()
                .map(rule -> peers(rule.getFrom(), policy, source) && ports(rule.getPorts(), destination, port)))
                .anyMatch(Boolean::booleanValue);
    }

    private List<NetworkPolicy> selecting(Endpoint pod, String direction) {
        List<NetworkPolicy> selecting = new ArrayList<>();
        for (NetworkPolicy policy : policies) {
            if (policy.getMetadata().getNamespace().equals(pod.namespace())
                    && matches(policy.getSpec().getPodSelector(), pod.labels())
                    && types(policy).contains(direction)) {
                selecting.add(policy);
            }
        }
        return selecting;
    }

    /** The API's default: Ingress always, Egress when the policy has egress rules. */
    private static List<String> types(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types != null && !types.isEmpty()) {
            return types;
        }
        return orEmpty(policy.getSpec().getEgress()).isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private static boolean peers(List<NetworkPolicyPeer> peers, NetworkPolicy policy, Endpoint other) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                if (inBlock(peer.getIpBlock(), other.address())) {
                    return true;
                }
                continue;
            }
            if (!other.pod()) {
                continue;
            }
            boolean namespace = peer.getNamespaceSelector() == null
                    ? other.namespace().equals(policy.getMetadata().getNamespace())
                    : matches(peer.getNamespaceSelector(), other.namespaceLabels());
            boolean pod = peer.getPodSelector() == null || matches(peer.getPodSelector(), other.labels());
            if (namespace && pod) {
                return true;
            }
        }
        return false;
    }

    private static boolean ports(List<NetworkPolicyPort> ports, Endpoint destination, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort rule : ports) {
            if (rule.getProtocol() != null && !rule.getProtocol().equals("TCP")) {
                continue;
            }
            IntOrString value = rule.getPort();
            if (value == null) {
                return true;
            }
            Integer number = value.getIntVal() != null ? value.getIntVal() : destination.namedPorts().get(value.getStrVal());
            if (number == null) {
                continue;
            }
            int end = rule.getEndPort() != null ? rule.getEndPort() : number;
            if (port >= number && port <= end) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> label : selector.getMatchLabels().entrySet()) {
                if (!label.getValue().equals(labels.get(label.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                boolean met = switch (requirement.getOperator()) {
                    case "In" -> value != null && requirement.getValues().contains(value);
                    case "NotIn" -> value == null || !requirement.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("label selector operator: " + requirement.getOperator());
                };
                if (!met) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean inBlock(IPBlock block, String address) {
        if (!inCidr(block.getCidr(), address)) {
            return false;
        }
        return block.getExcept() == null || block.getExcept().stream().noneMatch(except -> inCidr(except, address));
    }

    static boolean inCidr(String cidr, String address) {
        try {
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] host = InetAddress.getByName(address).getAddress();
            if (network.length != host.length) {
                return false;
            }
            int bits = network.length * 8;
            int prefix = Integer.parseInt(parts[1]);
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, host).and(mask));
        } catch (UnknownHostException e) {
            throw new AssertionError("not an address: " + cidr + " / " + address, e);
        }
    }
}
