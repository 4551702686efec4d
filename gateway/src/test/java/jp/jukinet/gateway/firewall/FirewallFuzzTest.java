package jp.jukinet.gateway.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The gateway's policy from its text to its decisions. The policy is YAML bound by Spring
 * ({@code jukinet.gateway}); bound here the same way (YAML loader, binder, conversion service,
 * placeholders). What the policy's text can do: be refused at the gateway's start — by Spring's
 * YAML loader, with a {@link BindException}, or with an {@link IllegalArgumentException} naming the
 * route (a path pattern or callers expression that does not compile) — or become a
 * {@link Firewall} whose {@link Firewall#decide} answers every request, never throwing. What a
 * decision can never do: allow a method the route does not list, a path its pattern does not
 * match, or a caller its {@code callers} expression (path variables put in, regex-quoted) does not
 * match in full, or lead to a node the policy does not name.
 *
 * <p>Regression inputs: {@code src/test/resources/jp/jukinet/gateway/firewall/FirewallFuzzTestInputs/<method>/}.
 * Jazzer's regex-injection sanitizer is off for this module ({@code junit-platform.properties}):
 * the policy's expressions are the operator's by design, and what path values can do to them is
 * checked here directly.
 */
class FirewallFuzzTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "get", "");
    private static final List<String> VALUES = List.of("131016", "13", "271004", ".*", "\\E.*\\Q", "(?<pref>13)",
            "%2E%2E", "..", "", "{lg}", "12345678903");
    private static final List<String> CALLERS = List.of("clerk-131016", "cs-131016", "pref-13", "national",
            "agency-nenkin", "resident-12345678903", "operator-local", "", ".*", "clerk-.*", "cs-271004");

    /** The shipped policy, bound as the gateway binds it (on first use). */
    private static final class Shipped {
        static final GatewayPolicy POLICY = bind(new ClassPathResource("gateway-policy.yaml"));
        static final Firewall FIREWALL = new Firewall(POLICY);
    }

    /** A request to the shipped policy: the input's lines are the caller, the method and the path. */
    @FuzzTest(maxDuration = "60s")
    void decide(byte[] input) {
        bindingWorksHere();
        String[] parts = new String(input, java.nio.charset.StandardCharsets.UTF_8).split("\n", 3);
        String caller = parts[0];
        String method = parts.length > 1 ? parts[1] : "GET";
        String path = parts.length > 2 ? parts[2] : "/";
        Optional<Firewall.Decision> decision = Shipped.FIREWALL.decide(caller, method, path);
        decision.ifPresent(allowed -> {
            allowedOnlyAsThePolicySays(Shipped.POLICY, caller, method, path, allowed);
            staysInItsZone(caller, allowed);
        });
    }

    /** Policy text: refused at start, or a firewall whose decisions keep to it for any request. */
    @FuzzTest(maxDuration = "60s")
    void policy(byte[] input) {
        bindingWorksHere();
        List<PropertySource<?>> yaml;
        try {
            yaml = load(new ByteArrayResource(input));
        } catch (RuntimeException refusedAtStart) {
            // Spring's YAML loader, not ours: a YAMLException, or a ClassCastException for a key that
            // is not a string (TRUE:). Either way the gateway does not start.
            return;
        }
        Firewall firewall;
        GatewayPolicy policy;
        try {
            policy = bind(yaml);
            firewall = new Firewall(policy);
        } catch (BindException | IllegalArgumentException refusedAtStart) {
            return;
        }
        for (GatewayPolicy.Route route : policy.routes()) {
            for (String value : VALUES) {
                String path = substitute(route.path(), Map.of(), value);
                List<String> callers = new ArrayList<>(CALLERS);
                callers.add(substitute(route.callers(), Map.of(), value));
                for (String method : route.methods()) {
                    for (String caller : callers) {
                        firewall.decide(caller, method, path).ifPresent(allowed ->
                                allowedOnlyAsThePolicySays(policy, caller, method, path, allowed));
                    }
                }
            }
        }
    }

    /**
     * The binder builds the policy's records by their constructors' parameter names; a class Jazzer
     * instruments loses them, and every policy would then be refused — fuzzing nothing. The records
     * are kept out of Jazzer's instrumentation ({@code jazzer.instrument} in
     * {@code junit-platform.properties}); this says so if that ever stops working.
     */
    private static void bindingWorksHere() {
        for (Class<?> record : List.of(GatewayPolicy.class, GatewayPolicy.Route.class, GatewayPolicy.Limits.class,
                GatewayPolicy.CallerClass.class, GatewayPolicy.Figures.class)) {
            assertThat(record.getDeclaredConstructors()[0].getParameters()[0].isNamePresent())
                    .as("%s keeps its parameter names", record.getSimpleName()).isTrue();
        }
    }

    /** The seed policy binds to routes, so the fuzzer starts from policies that are not all refused. */
    @Test
    void theSeedPolicyBindsAndDecides() {
        GatewayPolicy policy = bind(new ClassPathResource("jp/jukinet/gateway/firewall/FirewallFuzzTestInputs/policy/small-policy.yaml"));
        assertThat(policy.routes()).extracting(GatewayPolicy.Route::id)
                .containsExactly("clerk-notifications", "cs-notices", "agency-lookups");
        Firewall firewall = new Firewall(policy);
        assertThat(firewall.decide("cs-131016", "POST", "/internal/v1/notices")).map(Firewall.Decision::targetNode)
                .contains("pref-13");
        assertThat(firewall.decide("clerk-131016", "POST", "/api/v1/municipalities/271004/notifications")).isEmpty();
    }

    /** Found by {@link #policy}: such a policy started, and every request the route was asked about failed. */
    @Test
    void callersThatAreNotARegularExpressionStopTheStartNamingTheRoute() {
        GatewayPolicy policy = bind(new ClassPathResource(
                "jp/jukinet/gateway/firewall/FirewallFuzzTestInputs/policy/callers-not-a-regular-expression"));
        assertThatThrownBy(() -> new Firewall(policy)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gateway route cs-notices: callers is not a regular expression");
    }

    /** The decision's route lists the method, matches the path and, with the path's variables put in, the caller. */
    static void allowedOnlyAsThePolicySays(GatewayPolicy policy, String caller, String method, String path,
                                           Firewall.Decision decision) {
        GatewayPolicy.Route route = decision.route();
        assertThat(policy.routes()).contains(route);
        assertThat(route.methods()).contains(method);
        PathPattern pattern = PathPatternParser.defaultInstance.parse(route.path());
        PathPattern.PathMatchInfo match = pattern.matchAndExtract(PathContainer.parsePath(path));
        assertThat(match).as("the route's path pattern matches the path").isNotNull();
        Map<String, String> variables = match.getUriVariables();
        Matcher unresolved = VARIABLE.matcher(route.callers());
        while (unresolved.find()) {
            assertThat(variables).as("a caller variable the path does not set allows no one")
                    .containsKey(unresolved.group(1));
        }
        String callers = substituteQuoted(route.callers(), variables);
        assertThat(Pattern.compile(callers).matcher(caller).matches())
                .as("the caller matches the route's callers expression in full").isTrue();
        if (OutboundPolicy.AGENCY_ENDPOINT.equals(decision.targetNode())) {
            // out of the network: where to is the outbound policy's to say, for the request's endpoint
            assertThat(decision.targetUri()).isNull();
        } else {
            assertThat(policy.nodes()).containsEntry(decision.targetNode(), decision.targetUri());
        }
    }

    /** The zones of the shipped policy: a clerk reaches only their own CS, a node only the tier above or a peer CS. */
    private static void staysInItsZone(String caller, Firewall.Decision decision) {
        String target = decision.targetNode();
        if (caller.startsWith("clerk-")) {
            assertThat(target).isEqualTo("cs-" + caller.substring("clerk-".length()));
        } else if (caller.startsWith("cs-")) {
            assertThat(target).matches("cs-\\d{6}|pref-" + Pattern.quote(caller.substring(3, Math.min(5, caller.length()))));
        } else if (caller.startsWith("pref-")) {
            assertThat(target).isEqualTo("national");
        } else if (caller.equals("national")) {
            assertThat(target).as("J-LIS calls out only into the agency zone").isEqualTo(OutboundPolicy.AGENCY_ENDPOINT);
        } else if (caller.startsWith("agency-") || caller.startsWith("resident-")) {
            assertThat(target).matches("national|pref-\\d{2}|cs-\\d{6}");
        } else {
            assertThat(caller).as("only the network's identities are let through").matches("operator-.*");
        }
    }

    /** Every {@code {name}} replaced by {@code value} (or by {@code values.get(name)}), as text. */
    private static String substitute(String template, Map<String, String> values, String value) {
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), value)));
        }
        return matcher.appendTail(out).toString();
    }

    /** Every {@code {name}} replaced, in one pass, by the regex-quoted value of that path variable. */
    private static String substituteQuoted(String template, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(Pattern.quote(variables.get(matcher.group(1)))));
        }
        return matcher.appendTail(out).toString();
    }

    /** Binds {@code jukinet.gateway} from YAML as Spring Boot binds the gateway's configuration. */
    static GatewayPolicy bind(Resource yaml) {
        return bind(load(yaml));
    }

    private static List<PropertySource<?>> load(Resource yaml) {
        try {
            return new YamlPropertySourceLoader().load("gateway-policy", yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("the policy cannot be read", e);
        }
    }

    private static GatewayPolicy bind(List<PropertySource<?>> sources) {
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources), ApplicationConversionService.getSharedInstance());
        return binder.bindOrCreate("jukinet.gateway", GatewayPolicy.class);
    }
}
