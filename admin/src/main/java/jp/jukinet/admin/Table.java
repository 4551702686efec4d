package jp.jukinet.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The default output: columns aligned with spaces, a header line of upper-case names, one row per
 * line, {@code -} for a value that is not there. Meant for a person; a script reads {@code --json}.
 */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(Object... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException("a row of " + values.length + " values for " + header.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object value : values) {
            row.add(value == null || String.valueOf(value).isEmpty() ? "-" : String.valueOf(value));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = width(header.get(column));
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], width(row.get(column)));
            }
        }
        line(out, header, widths);
        rows.forEach(row -> line(out, row, widths));
        out.flush();
    }

    private static void line(PrintWriter out, List<String> values, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < values.size(); column++) {
            String value = values.get(column);
            line.append(value);
            if (column < values.size() - 1) {
                line.append(" ".repeat(widths[column] - width(value) + 2));
            }
        }
        out.println(line);
    }

    /** Display width: a CJK character (a municipality's name in a problem) takes two columns. */
    private static int width(String text) {
        return text.codePoints().map(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA || (c >= 0xFF01 && c <= 0xFF60) ? 2 : 1).sum();
    }
}
