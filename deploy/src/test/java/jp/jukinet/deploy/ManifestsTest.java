package jp.jukinet.deploy;

import static jp.jukinet.deploy.Kustomize.list;
import static jp.jukinet.deploy.Kustomize.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jp.jukinet.deploy.NetworkModel.Endpoint;
import jp.jukinet.pki.DevPkiCommand;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/, checked without a cluster, as local-cluster's ComposeFileTest checks docker-compose.yml:
 * every manifest of the base and of each overlay (rendered as {@code kubectl apply -k} would, by
 * {@link Kustomize}) is read into the Kubernetes model (fabric8; CloudNativePG's resources as
 * generic ones); the NetworkPolicies are evaluated ({@link NetworkModel}) for every pair of pods
 * to show the zones isolated with only the gateway between them; ports, names, properties and
 * probes are compared with the configuration the services really read; and deploy/make-secrets.sh
 * is run against a PKI that dev-pki itself makes, to show each identity's Secret holds what
 * dev-pki's distribute hands that node in compose, and each pod mounts its own Secrets only.
 */
class ManifestsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Map<String, String> ZONE_OF_MODULE = Map.of(
            "national-service", "national", "prefecture-service", "prefectural", "cs-service", "municipal");
    private static final String GATEWAY = "gateway";
    private static final String GATEWAY_NAMESPACE = "jukinet-gateway";
    private static final String DNS = "kube-dns";
    private static final String OPERATOR = "cloudnative-pg operator";
    private static final String OUTSIDE = "outside";
    private static final String KUBERNETES_API = "kubernetes API";
    private static final String TLS_DIRECTORY = "/pki";
    private static final int POSTGRES = 5432;
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    // --- what the manifests are ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void everyManifestIsAKubernetesResourceWithNoFieldTheApiDoesNotKnow(String kustomization) {
        List<HasMetadata> resources = render(kustomization);
        assertThat(resources).hasSizeGreaterThan(30);
        Set<String> names = new TreeSet<>();
        for (HasMetadata resource : resources) {
            String id = id(resource);
            assertThat(names.add(id)).as("%s is declared once", id).isTrue();
            if (resource instanceof GenericKubernetesResource generic) {
                assertThat(generic.getApiVersion()).as(id + ": the only custom resources are CloudNativePG's")
                        .isEqualTo("postgresql.cnpg.io/v1");
                assertThat(generic.getKind()).isIn("Cluster", "Database");
            } else {
                assertThat(unknownFields(resource, id)).as("fields the Kubernetes model does not know (a typo is ignored by it"
                        + " and by the API server)").isEmpty();
            }
            if (!(resource instanceof Namespace)) {
                assertThat(resource.getMetadata().getNamespace()).as(id + " names its namespace")
                        .isIn(GATEWAY_NAMESPACE, namespace("municipal"), namespace("prefectural"), namespace("national"));
            }
        }
        assertThat(resources).filteredOn(resource -> resource.getKind().matches("Role|ClusterRole|RoleBinding|ClusterRoleBinding"))
                .as("no pod is granted the Kubernetes API (which would reach every Secret of its namespace)").isEmpty();
    }

    /** Every kustomization lists exactly the manifests beside it (no orphan, none missing), and kustomize's subset. */
    @Test
    void everyKustomizationListsExactlyTheFilesBesideIt() throws IOException {
        List<Path> kustomizations;
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            kustomizations = files.filter(file -> file.getFileName().toString().equals(Kustomize.FILE)).sorted().toList();
        }
        assertThat(kustomizations).extracting(file -> DEPLOY.relativize(file.getParent()).toString())
                .containsExactly("base", "overlays/local");
        Set<Path> listed = new TreeSet<>();
        for (Path file : kustomizations) {
            Path directory = file.getParent();
            Set<Path> files = new TreeSet<>();
            for (String entry : Kustomize.resources(Kustomize.kustomization(directory))) {
                Path resource = directory.resolve(entry).normalize();
                assertThat(resource).as(file + " lists " + entry).exists();
                if (Files.isDirectory(resource)) {
                    assertThat(resource.resolve(Kustomize.FILE)).as(entry + " is a kustomization").isRegularFile();
                } else {
                    assertThat(files.add(resource)).as(file + " lists " + entry + " once").isTrue();
                }
            }
            assertThat(files).as(file + " lists every manifest of its directory, and only those")
                    .isEqualTo(manifestsUnder(directory));
            listed.addAll(files);
            Kustomize.render(directory); // fails on any Kustomize feature or patch the test does not model
        }
        Set<Path> everyManifest;
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            everyManifest = files.filter(file -> !file.startsWith(DEPLOY.resolve("target")) && !file.startsWith(DEPLOY.resolve("src")))
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .filter(file -> !file.getFileName().toString().equals(Kustomize.FILE))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(everyManifest).as("no manifest under deploy/ that no kustomization lists").isEqualTo(listed);
        assertThat(Kustomize.resources(Kustomize.kustomization(DEPLOY.resolve("overlays/local")))).contains("../../base");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void imagesAreTheModulesTheDockerfileBuildsAtTheProjectsVersion(String kustomization) throws IOException {
        String version = rootVersion().replace("-SNAPSHOT", "");
        for (Deployment deployment : deployments(render(kustomization))) {
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
            assertThat(deployment.getSpec().getTemplate().getSpec().getInitContainers()).isNullOrEmpty();
            String image = container(deployment).getImage();
            assertThat(image).as(deployment.getMetadata().getName()).isEqualTo("jukinet/" + module(deployment) + ":" + version);
            assertThat(ROOT.resolve(module(deployment)).resolve("pom.xml")).isRegularFile();
        }
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("${MODULE}-0.1.0-SNAPSHOT-exec.jar");
    }

    // --- zones --------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void everyNamespaceDeniesByDefaultSoAPodTheManifestsDoNotKnowReachesOnlyDns(String kustomization) {
        List<HasMetadata> resources = render(kustomization);
        Set<String> namespaces = namespaces(resources).keySet();
        assertThat(namespaces).containsExactlyInAnyOrder(GATEWAY_NAMESPACE, namespace("municipal"), namespace("prefectural"),
                namespace("national"));
        for (String namespace : namespaces) {
            assertThat(policies(resources)).as(namespace + " has a policy selecting every pod, both ways, allowing nothing")
                    .anySatisfy(policy -> {
                        assertThat(policy.getMetadata().getNamespace()).isEqualTo(namespace);
                        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
                        assertThat(policy.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
                        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                        assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
                        assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
                    });
        }
        Network network = network(resources);
        for (Endpoint stray : network.endpoints().stream().filter(endpoint -> endpoint.name().startsWith("stray")).toList()) {
            assertThat(network.from(stray)).as("what a pod with no labels in %s reaches", stray.namespace())
                    .containsOnly(DNS + ":53");
            assertThat(network.to(stray)).as("what reaches a pod with no labels in %s", stray.namespace()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void onlyTheGatewayCrossesFromOneZoneToAnother(String kustomization) {
        List<HasMetadata> resources = render(kustomization);
        Network network = network(resources);
        Set<String> zones = new TreeSet<>(List.of(namespace("municipal"), namespace("prefectural"), namespace("national")));
        Set<String> crossings = new TreeSet<>();
        for (Edge edge : network.edges()) {
            boolean fromZone = edge.source().pod() && zones.contains(edge.source().namespace());
            boolean toZone = edge.destination().pod() && zones.contains(edge.destination().namespace());
            boolean leaves = !Objects.equals(edge.source().namespace(), edge.destination().namespace());
            if ((fromZone || toZone) && leaves) {
                crossings.add(edge.toString());
            }
        }
        Set<String> expected = new TreeSet<>();
        for (Endpoint endpoint : network.endpoints()) {
            if (!endpoint.pod() || !zones.contains(endpoint.namespace())) {
                continue;
            }
            expected.add(endpoint + " -> " + DNS + ":53");
            if (endpoint.name().startsWith("db-")) {
                // CloudNativePG: the operator drives each instance (status port, and PostgreSQL), the instance manager
                // talks to the Kubernetes API
                expected.add(OPERATOR + " -> " + endpoint + ":" + POSTGRES);
                expected.add(OPERATOR + " -> " + endpoint + ":8000");
                expected.add(endpoint + " -> " + KUBERNETES_API + ":443");
                expected.add(endpoint + " -> " + KUBERNETES_API + ":6443");
            } else if (!endpoint.name().startsWith("stray")) {
                expected.add(endpoint + " -> " + GATEWAY + ":8443");
                endpoint.ports().forEach(port -> expected.add(GATEWAY + " -> " + endpoint + ":" + port));
            }
        }
        assertThat(crossings).as("every connection into or out of a zone (source -> destination:port)")
                .containsExactlyInAnyOrderElementsOf(expected);
        // the door: callers outside reach the gateway, and the gateway alone reaches outside (agencies' webhooks)
        assertThat(network.to(network.endpoint(GATEWAY))).contains(OUTSIDE);
        assertThat(network.edges()).filteredOn(edge -> edge.destination().name().equals(OUTSIDE))
                .filteredOn(edge -> namespaces(resources).containsKey(edge.source().namespace()))
                .extracting(edge -> edge.source().name()).as("the pods of deploy/ that reach outside").containsOnly(GATEWAY);
        assertThat(network.edges()).filteredOn(edge -> edge.source().name().equals(OUTSIDE))
                .filteredOn(edge -> namespaces(resources).containsKey(edge.destination().namespace()))
                .extracting(Edge::toString).as("what outside reaches of deploy/'s pods").containsOnly(OUTSIDE + " -> " + GATEWAY + ":8443");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void eachNodeReachesOnlyTheGatewayAndItsOwnZonesDatabaseAndOnlyTheGatewayReachesIt(String kustomization) {
        List<HasMetadata> resources = render(kustomization);
        Network network = network(resources);
        for (Deployment node : nodes(resources)) {
            Endpoint endpoint = network.endpoint(node.getMetadata().getName());
            String ownDatabase = "db-" + zone(node);
            Set<String> expected = new TreeSet<>(List.of(GATEWAY + ":8443", DNS + ":53"));
            network.endpoints().stream().filter(other -> other.name().equals(ownDatabase))
                    .forEach(database -> expected.add(database + ":" + POSTGRES));
            assertThat(expected).as("the zone has its database").hasSize(3);
            assertThat(network.from(endpoint)).as("what %s reaches", endpoint).isEqualTo(expected);
            int port = serverPort(node);
            assertThat(network.to(endpoint)).as("who reaches %s", endpoint).containsOnly(GATEWAY);
            assertThat(network.allows(network.endpoint(GATEWAY), endpoint, port)).as("the gateway reaches %s:%d", endpoint, port).isTrue();
        }
        for (Endpoint database : network.endpoints().stream().filter(endpoint -> endpoint.name().startsWith("db-")).toList()) {
            Set<String> allowed = new TreeSet<>(List.of(OPERATOR, database.name()));
            nodes(resources).stream().filter(node -> namespace(zone(node)).equals(database.namespace()))
                    .forEach(node -> allowed.add(node.getMetadata().getName()));
            assertThat(network.to(database)).as("who reaches %s's PostgreSQL", database).isEqualTo(allowed);
        }
    }

    // --- ports, names and properties against the services' configuration ---------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void theGatewayKnowsEveryNodeOfItsPolicyWhereTheNodeListensAndReachesItThere(String kustomization) {
        List<HasMetadata> resources = render(kustomization);
        Map<String, Object> policy = policy();
        Set<String> policyNodes = policy.keySet().stream().filter(key -> key.startsWith("jukinet.gateway.nodes."))
                .map(key -> key.substring("jukinet.gateway.nodes.".length())).collect(Collectors.toCollection(TreeSet::new));
        Set<String> deployed = nodes(resources).stream().map(node -> node.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(deployed).as("a Deployment for every node of the gateway's policy").isEqualTo(policyNodes);

        Deployment gateway = deployment(resources, GATEWAY);
        JsonNode nodes = JSON.readTree(env(gateway).get("SPRING_APPLICATION_JSON")).get("jukinet").get("gateway").get("nodes");
        Set<String> configured = new TreeSet<>();
        nodes.propertyNames().forEach(configured::add);
        assertThat(configured).isEqualTo(policyNodes);
        Network network = network(resources);
        for (Deployment node : nodes(resources)) {
            String name = node.getMetadata().getName();
            int port = serverPort(node);
            assertThat(port).as(name + " listens where the gateway's policy puts it")
                    .isEqualTo(URI.create(String.valueOf(policy.get("jukinet.gateway.nodes." + name))).getPort());
            assertThat(container(node).getPorts()).singleElement()
                    .satisfies(declared -> assertThat(declared.getContainerPort()).isEqualTo(port));
            URI address = URI.create(nodes.get(name).asString());
            assertThat(address).isEqualTo(URI.create("https://" + name + ":" + port));
            assertThat(resolve(resources, GATEWAY_NAMESPACE, address.getHost(), address.getPort()))
                    .as("%s, as the gateway names it, is %s's pods", address, name).isEqualTo(name);
            assertThat(network.allows(network.endpoint(GATEWAY), network.endpoint(name), port)).isTrue();
        }
        assertThat(serverPort(gateway)).isEqualTo(8443).isEqualTo(intProperty("gateway", "server.port"));
        Service published = service(resources, GATEWAY_NAMESPACE, "gateway-public");
        assertThat(published.getSpec().getType()).isIn("LoadBalancer", "NodePort");
        assertThat(published.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(8443);
        assertThat(selectedPods(resources, published)).containsExactly(GATEWAY);
    }

    /**
     * Every address a pod is given (https://host:port, jdbc:postgresql://host:port/db) names a Service of the
     * pod's namespace that leads, ExternalName followed, to pods listening on that port, which the
     * NetworkPolicies let the pod reach: the names in the certificates (DNS:gateway, DNS:&lt;node&gt;) are the
     * names used, and a name or port that agrees with nothing fails here.
     */
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void everyAddressAPodIsGivenLeadsToPodsListeningThereThatItMayReach(String kustomization) {
        List<HasMetadata> resources = render(kustomization);
        Network network = network(resources);
        Pattern address = Pattern.compile("(?:https|jdbc:postgresql)://([a-z0-9-]+):(\\d+)(/[^\"]*)?");
        int checked = 0;
        for (Deployment deployment : deployments(resources)) {
            for (Map.Entry<String, String> variable : env(deployment).entrySet()) {
                Matcher matcher = address.matcher(variable.getValue());
                while (matcher.find()) {
                    String host = matcher.group(1);
                    int port = Integer.parseInt(matcher.group(2));
                    String target = resolve(resources, deployment.getMetadata().getNamespace(), host, port);
                    assertThat(network.allows(network.endpoint(deployment.getMetadata().getName()), network.endpoint(target), port))
                            .as("%s's %s (%s) may be reached", deployment.getMetadata().getName(), variable.getKey(), matcher.group())
                            .isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(7 * 2 + 7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void environmentNamesPropertiesTheServicesReadAndValuesAgreeWithThem(String kustomization) throws IOException {
        List<HasMetadata> resources = render(kustomization);
        for (Deployment deployment : deployments(resources)) {
            String name = deployment.getMetadata().getName();
            Map<String, Object> configuration = configuration(module(deployment));
            for (EnvVar variable : container(deployment).getEnv()) {
                String property = variable.getName().toLowerCase(Locale.ROOT).replace('_', '.');
                if (!configuration.containsKey(property)) {
                    // a secret has no default in the yaml: the service's code names it when it is missing
                    assertThat(mainSources(module(deployment))).as(name + ": " + variable.getName() + " sets a property the service reads")
                            .contains(property);
                }
            }
            assertThat(env(deployment)).as(name).containsEntry("JUKINET_TLS_DIRECTORY", TLS_DIRECTORY);
            assertThat(identity(deployment)).as(name + "'s jukinet.tls.identity, the name of its certificate").isEqualTo(name);
            if (!module(deployment).equals(GATEWAY)) {
                URI database = URI.create(env(deployment).get("SPRING_DATASOURCE_URL").substring("jdbc:".length()));
                assertThat(database.getHost()).as(name + " writes to its zone's primary").isEqualTo("db-" + zone(deployment) + "-rw");
                assertThat(database.getPort()).isEqualTo(POSTGRES);
            }
            if (module(deployment).equals("cs-service") || module(deployment).equals("prefecture-service")) {
                assertThat(env(deployment).get("JUKINET_OUTBOX_UPLINK")).isEqualTo("https://gateway:8443");
            }
        }
    }

    /**
     * Probes ask the health groups the nodes serve (management.endpoint.health.probes: readiness and
     * liveness), on the port they listen on, over mutual TLS with the pod's own certificate from its
     * own Secret (the nodes refuse a connection without one).
     */
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void probesAskTheActuatorsHealthGroupsWithThePodsOwnCertificate(String kustomization) throws IOException {
        for (Deployment deployment : deployments(render(kustomization))) {
            String name = deployment.getMetadata().getName();
            Map<String, Object> configuration = configuration(module(deployment));
            assertThat(configuration.get("management.endpoint.health.probes.enabled")).as(name + " serves readiness and liveness")
                    .isEqualTo(true);
            assertThat(String.valueOf(configuration.get("management.endpoints.web.exposure.include")).split(",\\s*")).contains("health");
            assertThat(configuration.get("management.server.port")).as("the actuator on the server's port").isNull();
            Container container = container(deployment);
            String base = "https://localhost:" + serverPort(deployment) + "/actuator/health/";
            assertThat(probe(container.getReadinessProbe(), name)).isEqualTo(base + "readiness");
            assertThat(probe(container.getStartupProbe(), name)).isEqualTo(base + "readiness");
            assertThat(probe(container.getLivenessProbe(), name)).isEqualTo(base + "liveness");
            Set<String> files = new TreeSet<>();
            for (Probe probe : List.of(container.getReadinessProbe(), container.getStartupProbe(), container.getLivenessProbe())) {
                List<String> command = probe.getExec().getCommand();
                files.add(command.get(command.indexOf("--cacert") + 1));
                files.add(command.get(command.indexOf("--cert") + 1));
                files.add(command.get(command.indexOf("--key") + 1));
            }
            assertThat(files).containsExactlyInAnyOrder(TLS_DIRECTORY + "/ca.crt", TLS_DIRECTORY + "/" + name + ".crt",
                    TLS_DIRECTORY + "/" + name + ".key");
            assertThat(container.getVolumeMounts()).filteredOn(mount -> mount.getMountPath().equals(TLS_DIRECTORY))
                    .singleElement().satisfies(mount -> assertThat(secretOf(deployment, mount)).isEqualTo("keys-" + name));
        }
    }

    // --- keys and passwords -------------------------------------------------------------------------------------

    /** Every Secret a pod can read (volumes, env, envFrom, projected) is its own: keys-N and db-N, and J-LIS's My Number key. */
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void noPodMountsASecretThatIsNotItsOwn(String kustomization) {
        for (Deployment deployment : deployments(render(kustomization))) {
            String name = deployment.getMetadata().getName();
            Set<String> own = new TreeSet<>(Set.of("keys-" + name));
            if (!name.equals(GATEWAY)) {
                own.add("db-" + name);
            }
            if (module(deployment).equals("national-service")) {
                own.add("national-numbering-key");
            }
            assertThat(secretsReadBy(deployment)).as("the Secrets %s's pods can read", name).isEqualTo(own);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getAutomountServiceAccountToken()).as(name + " holds no token for the Kubernetes API").isFalse();
            assertThat(pod.getVolumes()).allSatisfy(volume -> {
                assertThat(volume.getHostPath()).isNull();
                assertThat(volume.getPersistentVolumeClaim()).isNull();
            });
            VolumeMount keys = container(deployment).getVolumeMounts().stream()
                    .filter(mount -> mount.getMountPath().equals(TLS_DIRECTORY)).findFirst().orElseThrow();
            assertThat(keys.getReadOnly()).isTrue();
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(keys.getName())).findFirst().orElseThrow();
            assertThat(volume.getSecret().getDefaultMode()).as("keys readable by the pod's group only").isEqualTo(0440);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(container(deployment).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container(deployment).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            for (Map.Entry<String, String> reference : secretKeyReferences(deployment).entrySet()) {
                assertThat(reference.getValue().substring(reference.getValue().indexOf('/') + 1)).as(name + " reads " + reference.getKey())
                        .isIn("username", "password", "key");
            }
        }
    }

    /**
     * deploy/make-secrets.sh, run with a kubectl that records what it is asked to create, against a
     * PKI made by dev-pki (the CA, every identity of the gateway's policy, the signing keys): it
     * creates a keys-N Secret for exactly the identities that are deployed, each holding exactly the
     * files dev-pki's distribute hands N in docker compose (so its own key and no other), with
     * ca.crl for the gateway once the CA has one; a db-N Secret per node whose username is the role the
     * node's database Cluster manages with that Secret; and J-LIS's My Number key.
     */
    @Test
    void theSecretsScriptGivesEachIdentityTheFilesDevPkiHandsItAndNoOthers(@TempDir Path temp) throws Exception {
        assumeTrue(onPath("bash") && onPath("base64") && onPath("head"), "the script needs bash, head and base64");
        List<HasMetadata> resources = render("base");
        List<String> identities = new ArrayList<>(List.of(GATEWAY));
        nodes(resources).forEach(node -> identities.add(node.getMetadata().getName()));
        Path pki = temp.resolve("pki");
        List<String> ensure = new ArrayList<>(List.of("ensure", pki.toString()));
        ensure.addAll(identities);
        ensure.addAll(List.of("--then", "signing-key", pki.toString(), "national-webhook-signing"));
        identities.stream().filter(name -> name.equals("national") || name.startsWith("pref-")).forEach(name -> ensure.add(name + "-chain-signing"));
        DevPkiCommand.main(ensure.toArray(String[]::new));
        for (String identity : identities) {
            assertThat(dnsNames(pki.resolve(identity + ".crt"))).as("%s's certificate names the Service it is reached by", identity)
                    .contains(identity);
        }

        checkSecrets(temp, pki, resources, identities, false);
        // a certificate revoked: the CA now has a revocation list, which the gateway alone must be given
        DevPkiCommand.main(new String[] {"issue", pki.toString(), "agency-deploy-test", "--then", "revoke", pki.toString(),
                "agency-deploy-test"});
        assertThat(pki.resolve("ca.crl")).isRegularFile();
        checkSecrets(temp, pki, resources, identities, true);
    }

    private void checkSecrets(Path temp, Path pki, List<HasMetadata> resources, List<String> identities, boolean crl)
            throws Exception {
        Map<String, MadeSecret> made = runMakeSecrets(temp, pki);
        Path keys = temp.resolve(crl ? "keys-crl" : "keys");
        List<String> distribute = new ArrayList<>(List.of("distribute", pki.toString(), keys.toString()));
        distribute.addAll(identities);
        for (String identity : identities) {
            Files.createDirectories(keys.resolve(identity));
        }
        DevPkiCommand.main(distribute.toArray(String[]::new));

        Set<String> expected = new TreeSet<>();
        for (Deployment deployment : deployments(resources)) {
            String name = deployment.getMetadata().getName();
            String namespace = deployment.getMetadata().getNamespace();
            expected.add(namespace + "/keys-" + name);
            MadeSecret secret = made.get(namespace + "/keys-" + name);
            assertThat(secret).as("make-secrets creates keys-%s in %s", name, namespace).isNotNull();
            Set<String> handed;
            try (Stream<Path> files = Files.list(keys.resolve(name))) {
                handed = files.map(file -> file.getFileName().toString()).filter(file -> !file.startsWith("."))
                        .collect(Collectors.toCollection(TreeSet::new));
            }
            assertThat(secret.entries().keySet()).as("keys-%s holds what dev-pki's distribute hands %s", name, name).isEqualTo(handed);
            assertThat(handed.contains("ca.crl")).isEqualTo(crl && name.equals(GATEWAY));
            secret.entries().forEach((file, source) -> assertThat(source).isEqualTo("file:" + pki.resolve(file)));
            assertThat(secret.entries().keySet()).filteredOn(file -> file.endsWith(".key"))
                    .as("the only keys in keys-%s are %s's own", name, name)
                    .allMatch(file -> file.equals(name + ".key") || file.startsWith(name + "-"))
                    .doesNotContain("ca.key");
            if (!name.equals(GATEWAY)) {
                expected.add(namespace + "/db-" + name);
                MadeSecret database = made.get(namespace + "/db-" + name);
                assertThat(database).as("make-secrets creates db-%s", name).isNotNull();
                assertThat(database.type()).isEqualTo("kubernetes.io/basic-auth");
                assertThat(database.entries().keySet()).containsExactlyInAnyOrder("username", "password");
                String role = database.entries().get("username").substring("literal:".length());
                assertThat(managedRoles(resources, zone(deployment))).as("the role of db-%s, managed with that Secret", name)
                        .containsEntry(role, "db-" + name);
                assertThat(database.entries().get("password")).matches("literal:[A-Za-z0-9]{24,}");
            }
        }
        expected.add(namespace("national") + "/national-numbering-key");
        assertThat(made.keySet()).as("the Secrets make-secrets creates").isEqualTo(expected);
        assertThat(made.values().stream().filter(secret -> secret.name().startsWith("db-"))
                .map(secret -> secret.entries().get("password")).distinct().count())
                .as("every node its own password").isEqualTo(nodes(resources).size());
    }

    /**
     * Each node's database is owned by a role of its own, whose password is the node's Secret, and
     * pg_hba lets that role alone into it (and nobody else anywhere: CloudNativePG adds its own
     * replication and local rules before these, and its catch-all after them, which the final
     * {@code reject} shadows); no superuser access is enabled.
     */
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void eachNodesDatabaseOnlyItsOwnRoleMayOpen(String kustomization) {
        List<HasMetadata> resources = render(kustomization);
        Map<String, List<String>> expectedHba = new TreeMap<>();
        Map<String, Map<String, String>> expectedRoles = new TreeMap<>();
        for (Deployment node : nodes(resources)) {
            String name = node.getMetadata().getName();
            String database = URI.create(env(node).get("SPRING_DATASOURCE_URL").substring("jdbc:".length())).getPath().substring(1);
            String role = name.replace('-', '_');
            assertThat(secretKeyReferences(node)).containsEntry("SPRING_DATASOURCE_USERNAME", "db-" + name + "/username")
                    .containsEntry("SPRING_DATASOURCE_PASSWORD", "db-" + name + "/password");
            expectedHba.computeIfAbsent(zone(node), zone -> new ArrayList<>()).add("hostssl " + database + " " + role + " all scram-sha-256");
            expectedRoles.computeIfAbsent(zone(node), zone -> new TreeMap<>()).put(role, "db-" + name);
            GenericKubernetesResource owned = custom(resources, "Database").stream()
                    .filter(db -> spec(db).get("name").equals(database)).collect(onlyOne(database));
            assertThat(owned.getMetadata().getNamespace()).isEqualTo(node.getMetadata().getNamespace());
            assertThat(spec(owned).get("owner")).isEqualTo(role);
            assertThat(map(spec(owned).get("cluster")).get("name")).isEqualTo("db-" + zone(node));
        }
        List<GenericKubernetesResource> clusters = custom(resources, "Cluster");
        assertThat(clusters).extracting(cluster -> cluster.getMetadata().getName())
                .containsExactlyInAnyOrder("db-municipal", "db-prefectural", "db-national");
        for (GenericKubernetesResource cluster : clusters) {
            String zone = cluster.getMetadata().getName().substring("db-".length());
            assertThat(cluster.getMetadata().getNamespace()).isEqualTo(namespace(zone));
            Map<String, Object> spec = spec(cluster);
            assertThat(spec.get("enableSuperuserAccess")).as("no superuser password exists").isEqualTo(false);
            assertThat(String.valueOf(spec.get("imageName"))).endsWith(":17");
            List<String> hba = list(map(spec.get("postgresql")).get("pg_hba")).stream().map(String::valueOf).toList();
            List<String> expected = new ArrayList<>(expectedHba.get(zone));
            expected.add("host all all all reject");
            assertThat(hba).as(zone + "'s pg_hba: each node's role into its database only, then nobody").containsExactlyInAnyOrderElementsOf(expected);
            assertThat(hba.get(hba.size() - 1)).isEqualTo("host all all all reject");
            assertThat(managedRoles(resources, zone)).isEqualTo(expectedRoles.get(zone));
        }
        assertThat(custom(resources, "Database")).hasSize(nodes(resources).size());
    }

    /** docs/architecture.md §7: J-LIS's lookups are served by read replicas; the base runs a primary and two. */
    @Test
    void theNationalDatabaseHasReadReplicasInTheBase() {
        List<HasMetadata> resources = render("base");
        GenericKubernetesResource national = custom(resources, "Cluster").stream()
                .filter(cluster -> cluster.getMetadata().getName().equals("db-national")).collect(onlyOne("db-national"));
        assertThat(((Number) spec(national).get("instances")).intValue()).isGreaterThanOrEqualTo(3);
        GenericKubernetesResource local = custom(render("overlays/local"), "Cluster").stream()
                .filter(cluster -> cluster.getMetadata().getName().equals("db-national")).collect(onlyOne("db-national"));
        assertThat(((Number) spec(local).get("instances")).intValue()).as("the local overlay: one machine, one instance").isEqualTo(1);
    }

    // --- resources ----------------------------------------------------------------------------------------------

    /**
     * Every container and every database asks for CPU and memory, caps its memory at no less than it
     * asks, and its manifest cites where the figures come from: each citation {@code docs/X.md "text"}
     * quotes text that docs/X.md really contains.
     */
    @Test
    void resourceRequestsCiteTheMeasuredFiguresTheyComeFrom() throws IOException {
        Pattern citation = Pattern.compile("(docs/[a-z-]+\\.md) \"([^\"]+)\"");
        for (Path file : manifestsUnder(DEPLOY.resolve("base"))) {
            for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                Object tree = new Yaml().load(document);
                if (tree == null) {
                    continue;
                }
                String kind = String.valueOf(map(tree).get("kind"));
                Map<String, Object> resources = kind.equals("Deployment")
                        ? map(map(list(map(map(map(map(tree).get("spec")).get("template")).get("spec")).get("containers")).get(0)).get("resources"))
                        : kind.equals("Cluster") ? map(map(map(tree).get("spec")).get("resources")) : null;
                if (!kind.equals("Deployment") && !kind.equals("Cluster")) {
                    continue;
                }
                String what = file.getFileName() + " " + kind;
                assertThat(resources).as(what + " sets resources").isNotNull();
                Map<String, Object> requests = map(resources.get("requests"));
                assertThat(requests).as(what).containsKeys("cpu", "memory");
                assertThat(Quantity.getAmountInBytes(new Quantity(String.valueOf(map(resources.get("limits")).get("memory")))))
                        .as(what + ": the memory limit is no less than the request")
                        .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(new Quantity(String.valueOf(requests.get("memory")))));
                Matcher matcher = citation.matcher(document);
                int citations = 0;
                while (matcher.find()) {
                    String text = Files.readString(ROOT.resolve(matcher.group(1))).replaceAll("\\s+", " ");
                    assertThat(text).as(what + " cites " + matcher.group(1)).contains(matcher.group(2));
                    citations++;
                }
                assertThat(citations).as(what + " cites the figures its requests come from").isGreaterThanOrEqualTo(2);
            }
        }
    }

    // --- the network ---------------------------------------------------------------------------------------------

    record Edge(Endpoint source, Endpoint destination, int port) {

        @Override
        public String toString() {
            return source.name() + " -> " + destination.name() + ":" + port;
        }
    }

    record Network(NetworkModel model, List<Endpoint> endpoints, List<Edge> edges) {

        Endpoint endpoint(String name) {
            return endpoints.stream().filter(endpoint -> endpoint.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no pod " + name));
        }

        boolean allows(Endpoint source, Endpoint destination, int port) {
            return model.allows(source, destination, port);
        }

        /** What the endpoint reaches, as destination:port. */
        Set<String> from(Endpoint source) {
            return edges.stream().filter(edge -> edge.source().equals(source))
                    .map(edge -> edge.destination().name() + ":" + edge.port()).collect(Collectors.toCollection(TreeSet::new));
        }

        /** Who reaches the endpoint, on any port it listens on. */
        Set<String> to(Endpoint destination) {
            return edges.stream().filter(edge -> edge.destination().equals(destination))
                    .map(edge -> edge.source().name()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * The pods of the manifests (a Deployment's; each CloudNativePG instance, labelled as the operator
     * labels it), a pod with no labels in each namespace, and what is around them: DNS, the operator,
     * the Kubernetes API (an address of the cluster's private range) and an address outside.
     */
    private static Network network(List<HasMetadata> resources) {
        Map<String, Map<String, String>> namespaces = namespaces(resources);
        namespaces.put("kube-system", Map.of("kubernetes.io/metadata.name", "kube-system"));
        namespaces.put("cnpg-system", Map.of("kubernetes.io/metadata.name", "cnpg-system"));
        List<Endpoint> endpoints = new ArrayList<>();
        int address = 10;
        for (Deployment deployment : deployments(resources)) {
            Map<String, Integer> named = new TreeMap<>();
            List<Integer> ports = new ArrayList<>();
            container(deployment).getPorts().forEach(port -> {
                ports.add(port.getContainerPort());
                if (port.getName() != null) {
                    named.put(port.getName(), port.getContainerPort());
                }
            });
            String namespace = deployment.getMetadata().getNamespace();
            endpoints.add(new Endpoint(deployment.getMetadata().getName(), namespace, namespaces.get(namespace),
                    deployment.getSpec().getTemplate().getMetadata().getLabels(), "10.244.0." + address++, named, ports));
        }
        for (GenericKubernetesResource cluster : custom(resources, "Cluster")) {
            String namespace = cluster.getMetadata().getNamespace();
            endpoints.add(new Endpoint(cluster.getMetadata().getName(), namespace, namespaces.get(namespace),
                    Map.of("cnpg.io/cluster", cluster.getMetadata().getName(), "cnpg.io/podRole", "instance"), "10.244.0." + address++,
                    Map.of("postgresql", POSTGRES, "status", 8000, "metrics", 9187), List.of(POSTGRES, 8000, 9187)));
        }
        for (String namespace : namespaces(resources).keySet()) {
            endpoints.add(new Endpoint("stray pod in " + namespace, namespace, namespaces.get(namespace), Map.of(),
                    "10.244.0." + address++, Map.of("http", 8080), List.of(8080)));
        }
        endpoints.add(new Endpoint(DNS, "kube-system", namespaces.get("kube-system"), Map.of("k8s-app", "kube-dns"), "10.244.1.2",
                Map.of("dns-tcp", 53), List.of(53)));
        endpoints.add(new Endpoint(OPERATOR, "cnpg-system", namespaces.get("cnpg-system"),
                Map.of("app.kubernetes.io/name", "cloudnative-pg"), "10.244.1.3", Map.of("webhook-server", 9443), List.of(9443)));
        endpoints.add(new Endpoint(KUBERNETES_API, null, Map.of(), Map.of(), "172.18.0.2", Map.of(), List.of(443, 6443)));
        endpoints.add(new Endpoint(OUTSIDE, null, Map.of(), Map.of(), "203.0.113.7", Map.of(), List.of(443, 8443)));

        NetworkModel model = new NetworkModel(policies(resources));
        List<Edge> edges = new ArrayList<>();
        for (Endpoint source : endpoints) {
            for (Endpoint destination : endpoints) {
                if (source.equals(destination) && !source.name().startsWith("db-") || !source.pod() && !destination.pod()) {
                    continue; // a database's instances are one endpoint here: replication is the cluster reaching itself
                }
                for (int port : destination.ports()) {
                    if (model.allows(source, destination, port)) {
                        edges.add(new Edge(source, destination, port));
                    }
                }
            }
        }
        return new Network(model, endpoints, edges);
    }

    /**
     * The Deployment whose pods a name reaches from a namespace: the Service of that name there,
     * followed through ExternalName (NAME.NAMESPACE.svc.cluster.local) to a Service with a selector,
     * or a CloudNativePG Cluster's own Service (CLUSTER-rw: its primary). The port must be one the
     * Service serves and whose target the pods listen on.
     */
    private static String resolve(List<HasMetadata> resources, String namespace, String host, int port) {
        for (GenericKubernetesResource cluster : custom(resources, "Cluster")) {
            if (cluster.getMetadata().getNamespace().equals(namespace) && host.equals(cluster.getMetadata().getName() + "-rw")) {
                assertThat(port).isEqualTo(POSTGRES);
                return cluster.getMetadata().getName();
            }
        }
        Service service = service(resources, namespace, host);
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).as("%s/%s serves %d", namespace, host, port).contains(port);
        if ("ExternalName".equals(service.getSpec().getType())) {
            Matcher matcher = Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local").matcher(service.getSpec().getExternalName());
            assertThat(matcher.matches()).as(service.getSpec().getExternalName()).isTrue();
            assertThat(matcher.group(1)).as("the name in the certificate is the name of the Service").isEqualTo(host);
            return resolve(resources, matcher.group(2), matcher.group(1), port);
        }
        ServicePort servicePort = service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst().orElseThrow();
        List<String> pods = selectedPods(resources, service);
        assertThat(pods).as("%s/%s selects one Deployment's pods", namespace, host).hasSize(1);
        Deployment deployment = deployment(resources, pods.get(0));
        Integer target = servicePort.getTargetPort().getIntVal() != null ? servicePort.getTargetPort().getIntVal()
                : container(deployment).getPorts().stream().filter(p -> servicePort.getTargetPort().getStrVal().equals(p.getName()))
                        .map(p -> p.getContainerPort()).findFirst().orElse(null);
        assertThat(target).as("%s/%s's target port is one %s declares", namespace, host, pods.get(0)).isNotNull();
        assertThat(target).as("%s listens where %s/%s sends", pods.get(0), namespace, host).isEqualTo(serverPort(deployment));
        return pods.get(0);
    }

    private static List<String> selectedPods(List<HasMetadata> resources, Service service) {
        Map<String, String> selector = service.getSpec().getSelector();
        assertThat(selector).as(service.getMetadata().getName()).isNotEmpty();
        return deployments(resources).stream()
                .filter(deployment -> deployment.getMetadata().getNamespace().equals(service.getMetadata().getNamespace()))
                .filter(deployment -> deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .map(deployment -> deployment.getMetadata().getName()).toList();
    }

    // --- the secrets script ----------------------------------------------------------------------------------------

    record MadeSecret(String namespace, String name, String type, Map<String, String> entries) {
    }

    /** Runs deploy/make-secrets.sh with a kubectl that records each call and knows no Secret yet. */
    private static Map<String, MadeSecret> runMakeSecrets(Path temp, Path pki) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path log = temp.resolve("kubectl.log");
        Files.deleteIfExists(log);
        Path kubectl = bin.resolve("kubectl");
        Files.writeString(kubectl, """
                #!/bin/sh
                # each call on one line, its arguments separated by tabs; the cluster holds no Secret yet
                printf '%s\\t' "$@" >> "$KUBECTL_LOG"; echo >> "$KUBECTL_LOG"
                case " $* " in
                  *" get "*) exit 1 ;;
                  *" apply "*) cat > /dev/null ;;
                esac
                exit 0
                """);
        assertThat(kubectl.toFile().setExecutable(true)).isTrue();
        ProcessBuilder builder = new ProcessBuilder("bash", DEPLOY.resolve("make-secrets.sh").toString(), pki.toString())
                .redirectErrorStream(true);
        builder.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
        builder.environment().put("KUBECTL_LOG", log.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("make-secrets.sh: " + output).isZero();
        Map<String, MadeSecret> made = new TreeMap<>();
        for (String line : Files.readAllLines(log)) {
            List<String> args = List.of(line.split("\t"));
            if (!args.contains("create")) {
                continue;
            }
            assertThat(args).as(line).contains("secret", "generic", "--dry-run=client");
            String namespace = args.get(args.indexOf("-n") + 1);
            String name = args.get(args.indexOf("generic") + 1);
            String type = "Opaque";
            Map<String, String> entries = new TreeMap<>();
            for (String arg : args) {
                if (arg.startsWith("--type=")) {
                    type = arg.substring("--type=".length());
                } else if (arg.startsWith("--from-file=") || arg.startsWith("--from-literal=")) {
                    String[] pair = arg.substring(arg.indexOf('=') + 1).split("=", 2);
                    assertThat(entries.put(pair[0], (arg.startsWith("--from-file=") ? "file:" : "literal:") + pair[1]))
                            .as(name + " names " + pair[0] + " once").isNull();
                }
            }
            assertThat(made.put(namespace + "/" + name, new MadeSecret(namespace, name, type, entries)))
                    .as(namespace + "/" + name + " is created once").isNull();
        }
        return made;
    }

    private static Set<String> dnsNames(Path certificate) throws Exception {
        try (var in = Files.newInputStream(certificate)) {
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            Set<String> names = new TreeSet<>();
            if (x509.getSubjectAlternativeNames() != null) {
                x509.getSubjectAlternativeNames().stream().filter(name -> ((Integer) name.get(0)) == 2)
                        .forEach(name -> names.add(String.valueOf(name.get(1))));
            }
            return names;
        }
    }

    // --- reading -------------------------------------------------------------------------------------------------

    private static List<HasMetadata> render(String kustomization) {
        List<HasMetadata> resources = new ArrayList<>();
        for (Map<String, Object> tree : Kustomize.render(DEPLOY.resolve(kustomization))) {
            KubernetesResource resource = SERIALIZATION.unmarshal(JSON.writeValueAsString(tree));
            assertThat(resource).as(String.valueOf(tree.get("kind"))).isInstanceOf(HasMetadata.class);
            resources.add((HasMetadata) resource);
        }
        return resources;
    }

    private static Set<Path> manifestsUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .filter(file -> !file.getFileName().toString().equals(Kustomize.FILE))
                    .filter(file -> !hasOwnKustomization(directory, file.getParent()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Whether a directory between {@code root} (excluded) and {@code directory} has a kustomization of its own. */
    private static boolean hasOwnKustomization(Path root, Path directory) {
        for (Path current = directory; current != null && !current.equals(root); current = current.getParent()) {
            if (Files.isRegularFile(current.resolve(Kustomize.FILE))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The fields of a resource that the Kubernetes model put aside as unknown (fabric8 keeps them in
     * additionalProperties), as path: names.
     */
    private static List<String> unknownFields(Object value, String path) {
        List<String> unknown = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                unknown.addAll(unknownFields(element, path + "[" + i++ + "]"));
            }
            return unknown;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> unknown.addAll(unknownFields(element, path + "." + key)));
            return unknown;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return unknown;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object child = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknown.addAll(unknownFields(child, path + "." + getter.getName().substring(3)));
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return unknown;
    }

    private static List<Deployment> deployments(List<HasMetadata> resources) {
        return resources.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    }

    /** The nodes with a database: the Deployments of national-service, prefecture-service and cs-service. */
    private static List<Deployment> nodes(List<HasMetadata> resources) {
        List<Deployment> nodes = deployments(resources).stream().filter(d -> ZONE_OF_MODULE.containsKey(module(d))).toList();
        assertThat(nodes).hasSize(7);
        return nodes;
    }

    private static Deployment deployment(List<HasMetadata> resources, String name) {
        return deployments(resources).stream().filter(d -> d.getMetadata().getName().equals(name)).collect(onlyOne(name));
    }

    private static List<NetworkPolicy> policies(List<HasMetadata> resources) {
        return resources.stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast).toList();
    }

    private static Service service(List<HasMetadata> resources, String namespace, String name) {
        return resources.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(s -> s.getMetadata().getNamespace().equals(namespace) && s.getMetadata().getName().equals(name))
                .collect(onlyOne("Service " + namespace + "/" + name));
    }

    private static List<GenericKubernetesResource> custom(List<HasMetadata> resources, String kind) {
        return resources.stream().filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast)
                .filter(resource -> resource.getKind().equals(kind)).toList();
    }

    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return map(resource.getAdditionalProperties().get("spec"));
    }

    /** The roles a zone's Cluster manages, each with the Secret its password comes from. */
    private static Map<String, String> managedRoles(List<HasMetadata> resources, String zone) {
        GenericKubernetesResource cluster = custom(resources, "Cluster").stream()
                .filter(c -> c.getMetadata().getName().equals("db-" + zone)).collect(onlyOne("db-" + zone));
        Map<String, String> roles = new TreeMap<>();
        for (Object role : list(map(spec(cluster).get("managed")).get("roles"))) {
            Map<String, Object> definition = map(role);
            assertThat(definition.get("login")).isEqualTo(true);
            assertThat(definition).doesNotContainKeys("superuser", "createdb", "createrole", "replication", "bypassrls", "inRoles");
            roles.put(String.valueOf(definition.get("name")), String.valueOf(map(definition.get("passwordSecret")).get("name")));
        }
        return roles;
    }

    private static Map<String, Map<String, String>> namespaces(List<HasMetadata> resources) {
        Map<String, Map<String, String>> namespaces = new TreeMap<>();
        resources.stream().filter(Namespace.class::isInstance).forEach(namespace -> {
            Map<String, String> labels = new TreeMap<>(namespace.getMetadata().getLabels());
            labels.put("kubernetes.io/metadata.name", namespace.getMetadata().getName());
            namespaces.put(namespace.getMetadata().getName(), labels);
        });
        return namespaces;
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String module(Deployment deployment) {
        Matcher matcher = Pattern.compile("jukinet/([a-z-]+):[0-9.]+").matcher(container(deployment).getImage());
        assertThat(matcher.matches()).as(container(deployment).getImage()).isTrue();
        return matcher.group(1);
    }

    private static String zone(Deployment node) {
        String zone = ZONE_OF_MODULE.get(module(node));
        assertThat(node.getMetadata().getNamespace()).as(node.getMetadata().getName() + " runs in its zone").isEqualTo(namespace(zone));
        return zone;
    }

    private static String namespace(String zone) {
        return "jukinet-" + zone;
    }

    /** The plain values of a container's environment (a value from a Secret is not among them). */
    private static Map<String, String> env(Deployment deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container(deployment).getEnv()) {
            if (variable.getValueFrom() == null) {
                env.put(variable.getName(), variable.getValue());
            }
        }
        return env;
    }

    /** Variable name -> secret/key, for each variable taken from a Secret. */
    private static Map<String, String> secretKeyReferences(Deployment deployment) {
        Map<String, String> references = new TreeMap<>();
        for (EnvVar variable : container(deployment).getEnv()) {
            if (variable.getValueFrom() != null) {
                assertThat(variable.getValueFrom().getSecretKeyRef()).as(variable.getName()).isNotNull();
                references.put(variable.getName(), variable.getValueFrom().getSecretKeyRef().getName() + "/"
                        + variable.getValueFrom().getSecretKeyRef().getKey());
            }
        }
        return references;
    }

    private static Set<String> secretsReadBy(Deployment deployment) {
        Set<String> secrets = new TreeSet<>();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        for (Volume volume : pod.getVolumes()) {
            if (volume.getSecret() != null) {
                secrets.add(volume.getSecret().getSecretName());
            }
            if (volume.getProjected() != null) {
                volume.getProjected().getSources().stream().filter(source -> source.getSecret() != null)
                        .forEach(source -> secrets.add(source.getSecret().getName()));
            }
        }
        for (Container container : pod.getContainers()) {
            container.getEnvFrom().stream().filter(source -> source.getSecretRef() != null)
                    .forEach(source -> secrets.add(source.getSecretRef().getName()));
            container.getEnv().stream().filter(variable -> variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null)
                    .forEach(variable -> secrets.add(variable.getValueFrom().getSecretKeyRef().getName()));
        }
        assertThat(pod.getImagePullSecrets()).isNullOrEmpty();
        return secrets;
    }

    private static String secretOf(Deployment deployment, VolumeMount mount) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                .map(v -> v.getSecret() == null ? null : v.getSecret().getSecretName()).findFirst().orElse(null);
    }

    private static int serverPort(Deployment deployment) {
        return Integer.parseInt(env(deployment).get("SERVER_PORT"));
    }

    /** jukinet.tls.identity as the service resolves it: its yaml's value with the environment's placeholders filled. */
    private static String identity(Deployment deployment) throws IOException {
        String identity = String.valueOf(configuration(module(deployment)).get("jukinet.tls.identity"));
        Matcher placeholder = Pattern.compile("\\$\\{([a-z.-]+)}").matcher(identity);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String variable = placeholder.group(1).toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
            assertThat(env(deployment)).as(deployment.getMetadata().getName() + " sets " + placeholder.group(1)).containsKey(variable);
            placeholder.appendReplacement(resolved, env(deployment).get(variable));
        }
        placeholder.appendTail(resolved);
        return resolved.toString();
    }

    /** The URL a probe asks, after checking it is curl over mutual TLS failing on an HTTP error. */
    private static String probe(Probe probe, String name) {
        assertThat(probe).as(name + " has the probe").isNotNull();
        ExecAction exec = probe.getExec();
        assertThat(exec).as(name + ": mutual TLS needs a client certificate, which httpGet probes cannot present").isNotNull();
        List<String> command = exec.getCommand();
        assertThat(command.subList(0, 2)).containsExactly("curl", "-fsS");
        assertThat(probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds())
                .as(name + ": the probe waits as long as curl's --max-time (the kubelet's default is 1 s)")
                .isGreaterThanOrEqualTo(Integer.parseInt(command.get(command.indexOf("--max-time") + 1)));
        return command.get(command.size() - 1);
    }

    private static String rootVersion() throws IOException {
        Matcher matcher = Pattern.compile("<artifactId>jukinet-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static Map<String, Object> policy() {
        return flatten(read(ROOT.resolve("gateway/src/main/resources/gateway-policy.yaml")));
    }

    /** What a module reads: its {@code <module>.yaml} and what it imports, flattened, plus Boot's JSON property. */
    private static Map<String, Object> configuration(String module) throws IOException {
        Path resources = ROOT.resolve(module).resolve("src/main/resources");
        Map<String, Object> properties = new LinkedHashMap<>(flatten(read(resources.resolve(module + ".yaml"))));
        Object imports = properties.get("spring.config.import");
        if (imports != null) {
            for (String imported : String.valueOf(imports).split(",\\s*")) {
                properties.putAll(flatten(read(resources.resolve(imported.replace("classpath:", "")))));
            }
        }
        properties.putIfAbsent("spring.application.json", "(Spring Boot: properties as JSON)");
        return properties;
    }

    private static int intProperty(String module, String property) {
        try {
            return ((Number) configuration(module).get(property)).intValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> read(Path yaml) {
        try {
            return new Yaml().load(Files.readString(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> flatten(Map<String, Object> yaml) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", yaml, flat);
        return flat;
    }

    private static void flatten(String prefix, Object value, Map<String, Object> flat) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child, flat));
        } else {
            flat.put(prefix, value);
        }
    }

    private static String mainSources(String module) throws IOException {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                sources.append(Files.readString(file));
            }
        }
        return sources.toString();
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
    }

    private static String id(HasMetadata resource) {
        return resource.getKind() + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    private static <T> java.util.stream.Collector<T, ?, T> onlyOne(String what) {
        return Collectors.collectingAndThen(Collectors.toList(), found -> {
            assertThat(found).as("exactly one " + what).hasSize(1);
            return found.get(0);
        });
    }
}
