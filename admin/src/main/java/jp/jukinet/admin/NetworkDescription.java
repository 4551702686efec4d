package jp.jukinet.admin;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the nodes of a network listen and which certificate the operator presents to them: the
 * file {@code jukinet-admin} reads ({@value #FILE_NAME}, a Java properties file). {@code ./jukinet}
 * writes it into its state directory ({@code var/network.properties}) whenever it starts:
 * <pre>
 * # where the nodes listen (each node's own port: the operator talks to a node directly, never through the gateway)
 * node.national=https://localhost:8300
 * node.pref-13=https://localhost:8200
 * node.cs-131016=https://localhost:8100
 * # the operator's certificate: &lt;pki&gt;/&lt;identity&gt;.crt and .key, and the network's CA &lt;pki&gt;/ca.crt (PEM)
 * pki=pki
 * identity=operator-local
 * </pre>
 * A relative {@code pki} is taken from the file's own directory. Node names are certificate
 * identities ({@code national}, {@code pref-NN}, {@code cs-NNNNNN}): the tool knows a node's kind
 * by its name, which is what each node's certificate says it is.
 *
 * @param nodes    node name → base URL, in the order written
 * @param pki      the directory holding the operator's certificate, key and the CA certificate; may be {@code null}
 * @param identity the operator's identity (certificate common name); may be {@code null}
 */
public record NetworkDescription(Map<String, URI> nodes, Path pki, String identity) {

    /** The file's name in a state directory. */
    public static final String FILE_NAME = "network.properties";

    private static final Pattern NODE_NAME = Pattern.compile("national|pref-\\d{2}|cs-\\d{6}");

    public NetworkDescription {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        nodes.forEach(NetworkDescription::checkNode);
    }

    /** What kind of node {@code name} is, by its identity. */
    public enum Kind {
        NATIONAL, PREFECTURE, CS;

        static Kind of(String name) {
            if (name.equals("national")) {
                return NATIONAL;
            }
            return name.startsWith("pref-") ? PREFECTURE : CS;
        }
    }

    static Kind kind(String node) {
        return Kind.of(node);
    }

    /**
     * Checks a node's name and URL: a name the network's identities use, an https URL with a host.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static void checkNode(String name, URI url) {
        if (!NODE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is no node name of the network (national, pref-NN, cs-NNNNNN)");
        }
        if (url == null || !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("node " + name + ": '" + url + "' is no https URL with a host "
                    + "(every node speaks mutual TLS), e.g. https://localhost:8300");
        }
    }

    /** {@code name=url}, as on the command line ({@code --url}) and in {@code JUKINET_ADMIN_NODES}. */
    static Map.Entry<String, URI> parseNode(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not NAME=URL, e.g. national=https://localhost:8300");
        }
        String name = text.substring(0, equals).strip();
        URI url;
        try {
            url = URI.create(text.substring(equals + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node " + name + ": '" + text.substring(equals + 1) + "' is no URL");
        }
        checkNode(name, url);
        return Map.entry(name, url);
    }

    /**
     * Reads a description file.
     *
     * @throws IllegalArgumentException when it is missing, unreadable or names a node wrongly
     */
    public static NetworkDescription read(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("there is no network description " + file
                    + " (./jukinet writes var/" + FILE_NAME + " when it starts; or name the nodes with --url NAME=URL)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the network description " + file + ": " + e.getMessage());
        }
        Map<String, URI> nodes = new LinkedHashMap<>();
        // Properties forgets the order: the nodes in name order, J-LIS, then prefectures, then CSs
        new TreeMap<>(properties).forEach((key, value) -> {
            String name = String.valueOf(key);
            if (name.startsWith("node.")) {
                Map.Entry<String, URI> node = parseNode(name.substring("node.".length()) + "=" + value);
                nodes.put(node.getKey(), node.getValue());
            } else if (!name.equals("pki") && !name.equals("identity")) {
                throw new IllegalArgumentException(file + ": unknown key '" + name + "' (node.NAME, pki, identity)");
            }
        });
        Map<String, URI> ordered = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            nodes.forEach((name, url) -> {
                if (Kind.of(name) == kind) {
                    ordered.put(name, url);
                }
            });
        }
        String pki = properties.getProperty("pki");
        Path directory = file.toAbsolutePath().getParent();
        return new NetworkDescription(ordered, pki == null || pki.isBlank() ? null : directory.resolve(pki.strip()).normalize(),
                blankToNull(properties.getProperty("identity")));
    }

    /**
     * Writes this description to {@code file} atomically (a tool reading it meanwhile sees the old
     * or the new one), with {@code pki} relative to the file's directory when it lies beneath it.
     */
    public void write(Path file) {
        Path directory = file.toAbsolutePath().getParent();
        StringBuilder text = new StringBuilder();
        text.append("# The network as ./jukinet admin sees it (jukinet-admin --help, README \"Operating the network\").\n");
        text.append("# Where the nodes listen: the operator talks to each node directly, never through the gateway.\n");
        nodes.forEach((name, url) -> text.append("node.").append(name).append('=').append(url).append('\n'));
        if (pki != null) {
            Path absolute = pki.toAbsolutePath().normalize();
            Path shown = absolute.startsWith(directory) ? directory.relativize(absolute) : absolute;
            text.append("# the operator's certificate <pki>/<identity>.crt and .key, and the network's CA <pki>/ca.crt\n");
            text.append("pki=").append(shown.toString().isEmpty() ? "." : shown).append('\n');
        }
        if (identity != null) {
            text.append("identity=").append(identity).append('\n');
        }
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary)) {
                out.write(text.toString());
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
