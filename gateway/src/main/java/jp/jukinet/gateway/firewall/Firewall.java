package jp.jukinet.gateway.firewall;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Decides, for a verified caller and a request, which route of the policy allows it and where it
 * goes. Deny by default: a request no route allows has no decision.
 */
public class Firewall {

    /**
     * An allowed request: the route that allows it and the node it goes to. For the outbound route
     * (target {@value OutboundPolicy#AGENCY_ENDPOINT}) {@code targetUri} is {@code null} until the
     * endpoint the request names is found in the outbound policy.
     */
    public record Decision(GatewayPolicy.Route route, String targetNode, URI targetUri) {
    }

    private record CompiledRoute(GatewayPolicy.Route route, PathPattern path) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}");

    private final GatewayPolicy policy;
    private final List<CompiledRoute> routes;

    /**
     * @throws IllegalArgumentException naming the route when its path is not a path pattern or its
     *         callers are not a regular expression, so that a bad policy stops the gateway's start
     *         instead of failing each request the route is asked about
     */
    public Firewall(GatewayPolicy policy) {
        this.policy = policy;
        this.routes = policy.routes().stream().map(Firewall::compile).toList();
    }

    private static CompiledRoute compile(GatewayPolicy.Route route) {
        PathPattern path;
        try {
            path = PathPatternParser.defaultInstance.parse(route.path());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gateway route " + route.id() + ": path is not a path pattern: "
                    + e.getMessage(), e);
        }
        try {
            Pattern.compile(substitute(route.callers(), Map.of(), true));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("gateway route " + route.id() + ": callers is not a regular expression: "
                    + e.getDescription(), e);
        }
        return new CompiledRoute(route, path);
    }

    /**
     * The route that lets {@code caller} make this request, if any. Never throws: a path that is not
     * a URL path (a broken percent-encoding such as {@code %zz}) matches no route.
     */
    public Optional<Decision> decide(String caller, String method, String path) {
        PathContainer container;
        try {
            container = PathContainer.parsePath(path);
        } catch (IllegalArgumentException notAPath) {
            return Optional.empty();
        }
        for (CompiledRoute compiled : routes) {
            GatewayPolicy.Route route = compiled.route();
            if (!route.methods().contains(method)) {
                continue;
            }
            PathPattern.PathMatchInfo match = compiled.path().matchAndExtract(container);
            if (match == null) {
                continue;
            }
            Map<String, String> variables = new HashMap<>(match.getUriVariables());
            Matcher callerMatch;
            try {
                callerMatch = Pattern.compile(substitute(route.callers(), variables, true)).matcher(caller);
            } catch (PatternSyntaxException e) {
                continue; // compiled at start; should a path value still break it ({lg} after a backslash), no one
            }
            if (!callerMatch.matches()) {
                continue;
            }
            for (String group : namedGroups(route.callers())) {
                try {
                    variables.put(group, callerMatch.group(group));
                } catch (IllegalArgumentException notAGroup) {
                    // text that only looks like a group, e.g. inside [...]: the variable stays unset
                }
            }
            String node = substitute(route.target(), variables, false);
            if (node.equals(OutboundPolicy.AGENCY_ENDPOINT)) {
                // out of the network: the filter resolves the endpoint against the outbound policy
                return Optional.of(new Decision(route, node, null));
            }
            URI uri = policy.nodes().get(node);
            if (uri == null) {
                continue; // the network has no such node: nothing to allow
            }
            return Optional.of(new Decision(route, node, uri));
        }
        return Optional.empty();
    }

    /** Replaces {@code {name}} with the variable's value (regex-quoted when building a pattern). */
    private static String substitute(String template, Map<String, String> variables, boolean quote) {
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            String replacement = value == null ? (quote ? "(?!)" : matcher.group()) : (quote ? Pattern.quote(value) : value);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static List<String> namedGroups(String regex) {
        return Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(regex).results().map(r -> r.group(1)).toList();
    }
}
