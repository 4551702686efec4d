package jp.jukinet.gateway.firewall;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The firewall's policy, kept as data ({@code gateway-policy.yaml}): every route that may cross a
 * zone, who may call it and where it goes. What no route allows is denied.
 *
 * @param nodes      where each node of the network listens, by identity ({@code national},
 *                   {@code pref-13}, {@code cs-131016})
 * @param routes     the allowed crossings
 * @param rateLimits per-caller request rates for agencies (OWASP API4)
 */
@ConfigurationProperties("jukinet.gateway")
public record GatewayPolicy(Map<String, URI> nodes, List<Route> routes, RateLimits rateLimits) {

    public GatewayPolicy {
        nodes = nodes == null ? Map.of() : Map.copyOf(nodes);
        routes = routes == null ? List.of() : List.copyOf(routes);
        rateLimits = rateLimits == null ? new RateLimits(50, Map.of(), "agency-") : rateLimits;
        for (Route route : routes) {
            route.validate();
        }
    }

    /**
     * One allowed zone crossing.
     *
     * @param id          a stable name (appears in metrics and logs)
     * @param description how to call it, for operators and the docs
     * @param zones       from which zone to which, e.g. {@code municipal -> prefectural}
     * @param methods     HTTP methods
     * @param path        a Spring path pattern, e.g. {@code /api/v1/municipalities/{lg}/notifications}
     * @param callers     a regular expression the caller's identity must match in full; {@code {name}}
     *                    stands for the path variable of that name, and named groups
     *                    ({@code (?<pref>\d{2})}) may be used in {@code target}
     * @param target      the node to forward to; {@code {name}} is a path variable or a named group
     * @param maxBody     the largest request body the route accepts; larger ones are refused before
     *                    they are read
     * @param streaming   the route carries a streamed batch whose answers flow while the request is
     *                    still being sent: it is forwarded full-duplex
     */
    public record Route(String id, String description, String zones, Set<String> methods, String path, String callers,
                        String target, @DefaultValue("1MB") DataSize maxBody, boolean streaming) {

        void validate() {
            if (id == null || path == null || callers == null || target == null || methods == null || methods.isEmpty()) {
                throw new IllegalArgumentException("gateway route " + id + ": id, methods, path, callers and target are required");
            }
        }
    }

    /**
     * @param perSecond      requests per second an agency may make, unless named in {@code perCaller}
     * @param perCaller      per-identity overrides
     * @param appliesToPrefix identities the limits apply to
     */
    public record RateLimits(@DefaultValue("50") int perSecond, Map<String, Integer> perCaller,
                             @DefaultValue("agency-") String appliesToPrefix) {

        public RateLimits {
            perCaller = perCaller == null ? Map.of() : Map.copyOf(perCaller);
        }

        int limitFor(String caller) {
            return perCaller.getOrDefault(caller, perSecond);
        }
    }
}
