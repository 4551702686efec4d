package jp.jukinet.provision.heads;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the exchange of signed provision-chain heads, {@code jukinet.provision.heads.*}.
 *
 * @param enabled      on at J-LIS and the prefecture servers (their service configuration); when on,
 *                     the node does not start without its key pair and its peers' public keys
 * @param peers        the nodes this node exchanges heads with: at J-LIS every prefecture server,
 *                     at a prefecture server {@code national}
 * @param gateway      the gateway's base URL, through which every exchange goes
 * @param sslBundle    the node's mutual-TLS bundle for the calls to the gateway
 * @param keyDirectory where the keys are, as a Spring resource location (by default
 *                     {@code file:<jukinet.tls.directory>/}): {@code <node>-chain-signing.key/.pub}
 *                     and each peer's {@code .pub}
 * @param scheduled    whether heads are exchanged every {@code interval} (besides on demand)
 * @param interval     how often
 */
@ConfigurationProperties("jukinet.provision.heads")
public record HeadSettings(boolean enabled,
                           @DefaultValue List<String> peers,
                           URI gateway,
                           String sslBundle,
                           String keyDirectory,
                           @DefaultValue("true") boolean scheduled,
                           @DefaultValue("10m") Duration interval) {

    public HeadSettings {
        // "a, b" and an empty setting (no peers: a network of J-LIS alone) bind to the names only
        peers = peers.stream().map(String::trim).filter(peer -> !peer.isEmpty()).distinct().toList();
        if (enabled && gateway == null) {
            throw new IllegalArgumentException("jukinet.provision.heads.gateway is required: heads are exchanged through "
                    + "the gateway");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("jukinet.provision.heads.interval must be positive");
        }
        for (String peer : peers) {
            if (!peer.equals("national") && !peer.matches("pref-\\d{2}")) {
                throw new IllegalArgumentException("jukinet.provision.heads.peers: " + peer
                        + " is not J-LIS (national) or a prefecture server (pref-NN)");
            }
        }
    }
}
