package jp.jukinet.portal.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.portal.PortalSettings;
import jp.jukinet.web.GatewayClient;

/**
 * A {@link ResidentGateway} for each resident who holds a certificate of their own
 * ({@code resident-<code>.crt} and {@code .key} in the TLS directory, issued with their card). The
 * portal has no certificate with which it could read a resident's data as itself.
 */
@Component
public class ResidentGateways {

    private static final int CACHED = 256;

    private final PortalSettings settings;
    private final Map<ResidentCode, ResidentGateway> cached = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ResidentCode, ResidentGateway> eldest) {
                    return size() > CACHED;
                }
            });

    ResidentGateways(PortalSettings settings) {
        this.settings = settings;
    }

    /** The gateway as {@code resident}; empty when they hold no certificate (none was issued with a card). */
    public Optional<ResidentGateway> of(ResidentCode resident) {
        ResidentGateway known = cached.get(resident);
        if (known != null) {
            return Optional.of(known);
        }
        Path certificate = settings.tlsDirectory().resolve("resident-" + resident.value() + ".crt");
        Path key = settings.tlsDirectory().resolve("resident-" + resident.value() + ".key");
        if (!Files.isReadable(certificate) || !Files.isReadable(key)) {
            return Optional.empty();
        }
        RestClient client = GatewayClient.as("resident-" + resident.value(), settings.tlsDirectory(), settings.gateway());
        ResidentGateway gateway = new ResidentGateway(resident, client);
        cached.put(resident, gateway);
        return Optional.of(gateway);
    }
}
