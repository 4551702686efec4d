package jp.jukinet.window;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;

/**
 * Settings of the clerk's window, {@code jukinet.window.*}. It starts only with all of them: a window
 * without a gateway, or serving no municipality, has nothing to do, and one that guessed would call
 * the network with a certificate nobody chose.
 *
 * @param gateway        the gateway's base URI: every call to a CS goes through it
 * @param tlsDirectory   where {@code ca.crt} and each municipality's {@code clerk-<lg>.crt} and
 *                       {@code clerk-<lg>.key} are (PEM); read at start, never sent to a browser
 * @param municipalities the municipalities this window serves, by 地方公共団体コード, with their names as the
 *                       pages show them ({@code 131016: 千代田区}); a clerk account belongs to one of them
 * @param portal         the resident's portal as residents reach it ({@code https://portal.example.jp}); optional:
 *                       without it the window prints no activation slips
 */
@ConfigurationProperties("jukinet.window")
public record WindowSettings(URI gateway, Path tlsDirectory, Map<String, String> municipalities, URI portal) {

    public WindowSettings {
        if (gateway == null || !"https".equals(gateway.getScheme())) {
            throw new IllegalStateException("jukinet.window.gateway (the gateway's https base URI) is required");
        }
        if (tlsDirectory == null || !Files.isReadable(tlsDirectory.resolve("ca.crt"))) {
            throw new IllegalStateException("jukinet.window.tls-directory must hold ca.crt and the clerk certificates");
        }
        if (municipalities == null || municipalities.isEmpty()) {
            throw new IllegalStateException("jukinet.window.municipalities: name the municipalities this window serves");
        }
        for (String lg : municipalities.keySet()) {
            try {
                LocalGovernmentCode.of(lg);
            } catch (InvalidValueException e) {
                throw new IllegalStateException("jukinet.window.municipalities: " + e.getMessage());
            }
            for (String file : List.of("clerk-" + lg + ".crt", "clerk-" + lg + ".key")) {
                if (!Files.isReadable(tlsDirectory.resolve(file))) {
                    throw new IllegalStateException("jukinet.window.tls-directory has no " + file + " for municipality " + lg);
                }
            }
            if (municipalities.get(lg) == null || municipalities.get(lg).isBlank()) {
                throw new IllegalStateException("jukinet.window.municipalities." + lg + ": the municipality's name is required");
            }
        }
        municipalities = Map.copyOf(new java.util.TreeMap<>(municipalities));
        if (portal != null && !"https".equals(portal.getScheme())
                && !("http".equals(portal.getScheme()) && "localhost".equals(portal.getHost()))) {
            throw new IllegalStateException("jukinet.window.portal must be an https address (or http://localhost)");
        }
    }

    /** The municipalities served, as codes, in code order. */
    public List<LocalGovernmentCode> served() {
        return municipalities.keySet().stream().sorted().map(LocalGovernmentCode::of).toList();
    }

    /** Whether this window serves {@code lg}. */
    public boolean serves(LocalGovernmentCode lg) {
        return municipalities.containsKey(lg.value());
    }

    /** The name of a municipality served ({@code 千代田区}); the code itself for one not served. */
    public String name(LocalGovernmentCode lg) {
        return municipalities.getOrDefault(lg.value(), lg.value());
    }
}
