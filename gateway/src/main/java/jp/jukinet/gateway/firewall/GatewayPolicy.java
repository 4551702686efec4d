package jp.jukinet.gateway.firewall;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;

/**
 * The firewall's policy, kept as data ({@code gateway-policy.yaml}): every route that may cross a
 * zone, who may call it and where it goes, and how much of the gateway each caller may use. What
 * no route allows is denied.
 *
 * @param nodes  where each node of the network listens, by identity ({@code national},
 *               {@code pref-13}, {@code cs-131016})
 * @param routes the allowed crossings
 * @param limits what each caller may use: request rate, batch lines, concurrent requests and
 *               streams (OWASP API4); without it every caller gets the strictest figures
 */
@ConfigurationProperties("jukinet.gateway")
public record GatewayPolicy(Map<String, URI> nodes, List<Route> routes, Limits limits) {

    public GatewayPolicy {
        nodes = nodes == null ? Map.of() : Map.copyOf(nodes);
        routes = routes == null ? List.of() : List.copyOf(routes);
        limits = limits == null ? new Limits(null, null, null, Duration.ofSeconds(10)) : limits;
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
     *                    still being sent: it is forwarded full-duplex, its lines are counted against
     *                    the caller's lines per second, and it counts against the caller's concurrent streams
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
     * What each caller may use of the gateway. Every identity has its own counters; the figures
     * come from its class, the first of {@code classes} whose {@code callers} it matches. A caller
     * no class matches gets {@code default}, the strictest figures: there is no unlimited caller.
     *
     * @param classes     caller classes, in order; the first match wins
     * @param fallback    (yaml {@code default}) the figures of a caller no class matches; when left
     *                    out, one of each
     * @param perCaller   figures for single identities, over those of their class (benchmarks and
     *                    tests raise or lower one caller's figures with them)
     * @param throttleWait the longest a streamed batch waits for its lines' permits before the
     *                    gateway ends the stream (see {@code FirewallFilter})
     */
    public record Limits(List<CallerClass> classes, @Name("default") Figures fallback, Map<String, IdentityFigures> perCaller,
                         @DefaultValue("10s") Duration throttleWait) {

        public Limits {
            classes = classes == null ? List.of() : List.copyOf(classes);
            fallback = fallback == null ? new Figures(1, 1, 1, 1) : fallback;
            perCaller = perCaller == null ? Map.of() : Map.copyOf(perCaller);
            if (throttleWait == null || throttleWait.isNegative()) {
                throw new IllegalArgumentException("jukinet.gateway.limits.throttle-wait must be zero or more");
            }
            fallback.validate("default");
            for (CallerClass callerClass : classes) {
                callerClass.validate();
            }
            perCaller.forEach((caller, figures) -> figures.validate(caller));
        }

        /** The class and figures of {@code caller}. */
        Resolved resolve(String caller) {
            String name = "default";
            Figures figures = fallback;
            for (CallerClass callerClass : classes) {
                if (callerClass.matches(caller)) {
                    name = callerClass.name();
                    figures = callerClass.figures();
                    break;
                }
            }
            IdentityFigures override = perCaller.get(caller);
            return new Resolved(name, override == null ? figures : override.over(figures));
        }
    }

    /** A caller's class (its name appears in metrics, never the caller's identity) and its figures. */
    record Resolved(String callerClass, Figures figures) {
    }

    /**
     * One class of callers and what each of them may use; every figure is required.
     *
     * @param name               the class as metrics name it ({@code clerk}, {@code resident}, ...)
     * @param callers            a regular expression the identity must match in full
     * @param requestsPerSecond  requests of any kind; a batch is one request
     * @param linesPerSecond     lines of streamed batches (NDJSON), over all of the caller's streams
     * @param concurrentStreams  streamed batches open at once
     * @param concurrentRequests requests of any kind in progress at once, streams included
     */
    public record CallerClass(String name, String callers, int requestsPerSecond, int linesPerSecond,
                              int concurrentStreams, int concurrentRequests) {

        void validate() {
            if (name == null || name.isBlank() || callers == null) {
                throw new IllegalArgumentException("gateway caller class " + name + ": name and callers are required");
            }
            try {
                Pattern.compile(callers);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("gateway caller class " + name + ": callers is not a regular expression: "
                        + e.getMessage(), e);
            }
            figures().validate(name);
        }

        boolean matches(String caller) {
            return Pattern.matches(callers, caller);
        }

        Figures figures() {
            return new Figures(requestsPerSecond, linesPerSecond, concurrentStreams, concurrentRequests);
        }
    }

    /** What one caller may use; see {@link CallerClass}. Every figure must be at least 1. */
    public record Figures(int requestsPerSecond, int linesPerSecond, int concurrentStreams, int concurrentRequests) {

        void validate(String owner) {
            if (requestsPerSecond < 1 || linesPerSecond < 1 || concurrentStreams < 1 || concurrentRequests < 1) {
                throw new IllegalArgumentException("gateway limits of " + owner + ": requests-per-second, lines-per-second, "
                        + "concurrent-streams and concurrent-requests are all required and at least 1; got " + this);
            }
        }
    }

    /** Figures for one identity; those left out are its class's. */
    public record IdentityFigures(Integer requestsPerSecond, Integer linesPerSecond, Integer concurrentStreams,
                           Integer concurrentRequests) {

        void validate(String caller) {
            for (Integer figure : new Integer[] {requestsPerSecond, linesPerSecond, concurrentStreams, concurrentRequests}) {
                if (figure != null && figure < 1) {
                    throw new IllegalArgumentException("gateway limits of " + caller + ": every figure must be at least 1; got "
                            + this);
                }
            }
        }

        Figures over(Figures base) {
            return new Figures(Optional.ofNullable(requestsPerSecond).orElse(base.requestsPerSecond()),
                    Optional.ofNullable(linesPerSecond).orElse(base.linesPerSecond()),
                    Optional.ofNullable(concurrentStreams).orElse(base.concurrentStreams()),
                    Optional.ofNullable(concurrentRequests).orElse(base.concurrentRequests()));
        }
    }
}
