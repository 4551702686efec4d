package jp.jukinet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.Yaml;

/**
 * The little of Kustomize that deploy/ uses, so that an overlay is checked as {@code kubectl apply
 * -k} would apply it (no kustomize binary where the tests run): {@code resources} (files, and
 * directories holding a kustomization.yaml) and {@code patches} given inline as JSON 6902 operations
 * ({@code add}, {@code replace}, {@code remove}) on the resources a {@code target} selects by group,
 * kind, name, namespace and label selector. A kustomization using anything else fails the test, so
 * deploy/ cannot outgrow this model unnoticed.
 *
 * <p>YAML is read by SnakeYAML (YAML 1.1, as kubectl's reader): {@code defaultMode: 0440} is octal.
 */
final class Kustomize {

    static final String FILE = "kustomization.yaml";
    private static final Set<String> KNOWN_KEYS = Set.of("apiVersion", "kind", "resources", "patches");
    private static final Set<String> KNOWN_TARGET_KEYS = Set.of("group", "version", "kind", "name", "namespace", "labelSelector");

    private Kustomize() {
    }

    /** Every resource the kustomization in {@code directory} renders, each a YAML tree (maps, lists, scalars). */
    static List<Map<String, Object>> render(Path directory) {
        Map<String, Object> kustomization = kustomization(directory);
        assertKnown(kustomization.keySet(), KNOWN_KEYS, directory.resolve(FILE) + " uses Kustomize beyond what the test models");
        List<Map<String, Object>> resources = new ArrayList<>();
        for (String entry : resources(kustomization)) {
            Path path = directory.resolve(entry).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(render(path));
            } else {
                resources.addAll(documents(path));
            }
        }
        for (Object patch : list(kustomization.get("patches"))) {
            Map<String, Object> definition = map(patch);
            assertKnown(definition.keySet(), Set.of("target", "patch"), "a patch of " + directory + " (only inline JSON 6902 patches are modelled)");
            Map<String, Object> target = map(definition.get("target"));
            assertKnown(target.keySet(), KNOWN_TARGET_KEYS, "a patch target of " + directory);
            List<Object> operations = list(new Yaml().load((String) definition.get("patch")));
            int matched = 0;
            for (Map<String, Object> resource : resources) {
                if (selects(target, resource)) {
                    operations.forEach(operation -> JsonPatch.apply(resource, map(operation)));
                    matched++;
                }
            }
            if (matched == 0) {
                throw new AssertionError("a patch of " + directory + " selects no resource: " + target);
            }
        }
        return resources;
    }

    static Map<String, Object> kustomization(Path directory) {
        try {
            return new Yaml().load(Files.readString(directory.resolve(FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> resources(Map<String, Object> kustomization) {
        return list(kustomization.get("resources")).stream().map(String::valueOf).toList();
    }

    /** The documents of one manifest file, empty ones (a leading {@code ---}) left out. */
    static List<Map<String, Object>> documents(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try {
            for (Object document : new Yaml().loadAll(Files.readString(file))) {
                if (document != null) {
                    documents.add(map(document));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static boolean selects(Map<String, Object> target, Map<String, Object> resource) {
        String apiVersion = String.valueOf(resource.get("apiVersion"));
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        Map<String, Object> metadata = map(resource.get("metadata"));
        if (target.containsKey("group") && !target.get("group").equals(group)
                || target.containsKey("version") && !target.get("version").equals(version)
                || target.containsKey("kind") && !target.get("kind").equals(resource.get("kind"))
                || target.containsKey("name") && !target.get("name").equals(metadata.get("name"))
                || target.containsKey("namespace") && !target.get("namespace").equals(metadata.get("namespace"))) {
            return false;
        }
        if (target.containsKey("labelSelector")) {
            Map<String, Object> labels = metadata.get("labels") == null ? Map.of() : map(metadata.get("labels"));
            for (String requirement : String.valueOf(target.get("labelSelector")).split(",")) {
                String[] pair = requirement.trim().split("=", 2);
                if (pair.length != 2 || pair[0].endsWith("!")) {
                    throw new AssertionError("label selector the test does not model: " + requirement);
                }
                if (!pair[1].equals(labels.get(pair[0]))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void assertKnown(Set<String> keys, Set<String> known, String what) {
        for (String key : keys) {
            if (!known.contains(key)) {
                throw new AssertionError(what + ": " + key);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    /** RFC 6902 {@code add}, {@code replace} and {@code remove} on a YAML tree, paths as RFC 6901 pointers. */
    static final class JsonPatch {

        private JsonPatch() {
        }

        @SuppressWarnings("unchecked")
        static void apply(Map<String, Object> document, Map<String, Object> operation) {
            String op = String.valueOf(operation.get("op"));
            String[] tokens = String.valueOf(operation.get("path")).substring(1).split("/", -1);
            Object parent = document;
            for (int i = 0; i < tokens.length - 1; i++) {
                parent = child(parent, unescape(tokens[i]), operation);
            }
            String last = unescape(tokens[tokens.length - 1]);
            Object value = operation.get("value");
            if (parent instanceof Map<?, ?> map) {
                Map<String, Object> object = (Map<String, Object>) map;
                switch (op) {
                    case "add" -> object.put(last, value);
                    case "replace", "remove" -> {
                        if (!object.containsKey(last)) {
                            throw new AssertionError(op + " of a member that does not exist: " + operation);
                        }
                        if (op.equals("replace")) {
                            object.put(last, value);
                        } else {
                            object.remove(last);
                        }
                    }
                    default -> throw new AssertionError("patch operation the test does not model: " + operation);
                }
            } else if (parent instanceof List<?> list) {
                List<Object> array = (List<Object>) list;
                int index = last.equals("-") ? array.size() : Integer.parseInt(last);
                switch (op) {
                    case "add" -> array.add(index, value);
                    case "replace" -> array.set(index, value);
                    case "remove" -> array.remove(index);
                    default -> throw new AssertionError("patch operation the test does not model: " + operation);
                }
            } else {
                throw new AssertionError("patch path through a scalar: " + operation);
            }
        }

        private static Object child(Object parent, String token, Map<String, Object> operation) {
            Object child = parent instanceof Map<?, ?> map ? map.get(token)
                    : parent instanceof List<?> list ? list.get(Integer.parseInt(token)) : null;
            if (child == null) {
                throw new AssertionError("patch path does not exist: " + operation);
            }
            return child;
        }

        private static String unescape(String token) {
            return token.replace("~1", "/").replace("~0", "~");
        }
    }
}
