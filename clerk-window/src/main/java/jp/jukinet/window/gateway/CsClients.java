package jp.jukinet.window.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.web.GatewayClient;
import jp.jukinet.window.WindowSettings;

/**
 * The window's clients of the gateway, one per municipality it serves, each presenting that
 * municipality's clerk certificate ({@code clerk-<lg>}): the gateway lets a clerk system reach its
 * own municipality's CS only, and the CS answers its own clerk system only. The keys are read once
 * at start, from files the browser never sees.
 */
@Component
public class CsClients {

    private final Map<LocalGovernmentCode, CsClient> clients = new LinkedHashMap<>();

    CsClients(WindowSettings settings) {
        for (LocalGovernmentCode lg : settings.served()) {
            clients.put(lg, new CsClient(lg, GatewayClient.as("clerk-" + lg.value(), settings.tlsDirectory(),
                    settings.gateway())));
        }
    }

    /**
     * The client of {@code lg}'s CS.
     *
     * @throws IllegalArgumentException when this window does not serve {@code lg} (a clerk's account
     *                                  names only a municipality the window serves)
     */
    public CsClient of(LocalGovernmentCode lg) {
        CsClient client = clients.get(lg);
        if (client == null) {
            throw new IllegalArgumentException("this window does not serve municipality " + lg.value());
        }
        return client;
    }
}
