package jp.jukinet.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request as the cluster prints it for a person to paste: a curl command line that presents a
 * certificate from the dev PKI. {@link #parse(String)} reads the printed text back, so that a test
 * can run exactly what a person would paste.
 *
 * @param method   GET or POST
 * @param url      the full URL (the gateway)
 * @param caFile   the CA certificate the server is checked against
 * @param certFile the caller's certificate
 * @param keyFile  the caller's private key
 * @param headers  request headers, in order
 * @param body     the request body, or {@code null}
 */
record CurlCommand(String method, String url, String caFile, String certFile, String keyFile,
                   Map<String, String> headers, String body) {

    CurlCommand {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        if (body != null && body.contains("'")) {
            throw new IllegalArgumentException("a printed body must not contain a single quote");
        }
    }

    /** The command line, continued over lines with backslashes, every argument that needs it in single quotes. */
    String render() {
        StringBuilder line = new StringBuilder("curl -sS");
        if (!method.equals(body == null ? "GET" : "POST")) {
            line.append(" -X ").append(method);
        }
        line.append(" --cacert ").append(caFile).append(" --cert ").append(certFile).append(" --key ").append(keyFile);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            line.append(" \\\n    -H '").append(header.getKey()).append(": ").append(header.getValue()).append('\'');
        }
        if (body != null) {
            line.append(" \\\n    -d '").append(body).append('\'');
        }
        line.append(" \\\n    '").append(url).append('\'');
        return line.toString();
    }

    /** Reads a command {@link #render()} printed (or one a person edited in the same style). */
    static CurlCommand parse(String text) {
        List<String> words = words(text);
        if (words.isEmpty() || !words.get(0).equals("curl")) {
            throw new IllegalArgumentException("not a curl command: " + text);
        }
        String method = null;
        String url = null;
        String ca = null;
        String cert = null;
        String key = null;
        String body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "-sS", "-s", "-S" -> { }
                case "-X" -> method = words.get(++i);
                case "--cacert" -> ca = words.get(++i);
                case "--cert" -> cert = words.get(++i);
                case "--key" -> key = words.get(++i);
                case "-d", "--data" -> body = words.get(++i);
                case "-H" -> {
                    String header = words.get(++i);
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
                }
                default -> {
                    if (word.startsWith("-")) {
                        throw new IllegalArgumentException("unexpected option " + word);
                    }
                    url = word;
                }
            }
        }
        if (method == null) {
            method = body == null ? "GET" : "POST";
        }
        return new CurlCommand(method, url, ca, cert, key, headers, body);
    }

    /** Splits a command line as a POSIX shell would for the quoting {@link #render()} uses. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i++;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed quote in: " + text);
                }
                word = word == null ? new StringBuilder() : word;
                word.append(text, i + 1, end);
                i = end;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
