package jp.jukinet.service.rebuild;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a snapshot written by {@link SnapshotWriter}, line by line, and hands each line to the
 * loader; refuses (throws, so the loader's transaction rolls back) a snapshot that does not begin
 * with its head, has a second head, goes on after its end, has no end (cut off), or whose end's
 * counts differ from the lines it carried. Messages name the source, the line number and the kind,
 * never a value (the lines hold personal data).
 */
public final class SnapshotReader {

    /** The count name of each kind of line, as {@link SnapshotWriter#end} writes it. */
    private static final Map<String, String> COUNTED = Map.of("resident", "residents", "history", "history",
            "retired-code", "retiredCodes", "block", "blocks");

    /** What the loader does with the lines. */
    public interface Lines {
        /** The head, first; throws when it is not the expected source's. */
        void head(Map<String, Object> head);

        /** Every line between the head and the end; throws on a kind it does not know or a line not its source's. */
        void line(String kind, Map<?, ?> line);
    }

    /** The head and the counts of a whole snapshot. */
    public record Snapshot(Map<String, Object> head, Map<String, Long> counts) {
    }

    private SnapshotReader() {
    }

    public static Snapshot read(String source, InputStream body, JsonMapper json, Lines lines) {
        Map<String, Object> head = null;
        Map<String, Object> end = null;
        Map<String, Long> counts = new LinkedHashMap<>();
        COUNTED.values().forEach(name -> counts.put(name, 0L));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64 * 1024)) {
            String text;
            long number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                Map<?, ?> line;
                try {
                    line = json.readValue(text, Map.class);
                } catch (RuntimeException e) {
                    // not the parser's message: it may quote the line, which holds personal data
                    throw new IllegalStateException("line " + number + " of the snapshot of " + source + " is not JSON");
                }
                String kind = String.valueOf(line.get("kind"));
                if (end != null) {
                    throw new IllegalStateException("the snapshot of " + source + " goes on after its end");
                }
                if (kind.equals("head")) {
                    if (head != null) {
                        throw new IllegalStateException("the snapshot of " + source + " has a second head");
                    }
                    head = copy(line);
                    lines.head(head);
                } else if (head == null) {
                    throw new IllegalStateException("the snapshot of " + source + " does not begin with its head");
                } else if (kind.equals("end")) {
                    end = copy(line);
                } else {
                    lines.line(kind, line);
                    String counted = COUNTED.get(kind);
                    if (counted != null) {
                        counts.merge(counted, 1L, Long::sum);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the snapshot of " + source + " could not be read to its end", e);
        }
        if (end == null) {
            throw new IllegalStateException("the snapshot of " + source + " was cut off (no end line)");
        }
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            Object said = end.get(count.getKey());
            if (!(said instanceof Number number) || number.longValue() != count.getValue()) {
                throw new IllegalStateException("the snapshot of " + source + " ends with " + count.getKey() + " "
                        + said + " but carried " + count.getValue());
            }
        }
        return new Snapshot(head, counts);
    }

    private static Map<String, Object> copy(Map<?, ?> line) {
        Map<String, Object> copy = new LinkedHashMap<>();
        line.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    /** A field of a line that must be there (the message names the field and kind, not the value). */
    public static String text(Map<?, ?> line, String field) {
        Object value = line.get(field);
        if (value == null) {
            throw new IllegalStateException("a snapshot line of kind " + line.get("kind") + " has no " + field);
        }
        return value.toString();
    }
}
