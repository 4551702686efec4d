package jp.jukinet.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NdjsonLinesTest {

    @Test
    void readsLinesWithTheirNumbersSkippingBlankOnes() throws IOException {
        List<String> lines = read("{\"a\":1}\n\n  \r\n{\"b\":\"日本\"}\r\n{\"c\":3}", 1000);
        assertThat(lines).containsExactly("1:{\"a\":1}", "4:{\"b\":\"日本\"}", "5:{\"c\":3}");
        assertThat(read("", 1000)).isEmpty();
        assertThat(read("\n\n", 1000)).isEmpty();
        assertThat(read("x\n", 1000)).containsExactly("1:x");
    }

    @Test
    void skipsAnOverlongLineWithoutHoldingIt() throws IOException {
        String longLine = "y".repeat(300_000);
        List<String> lines = read("short\n" + longLine + "\nafter\n", 1000);
        assertThat(lines).containsExactly("1:short", "2:TOO LONG", "3:after");
    }

    @Test
    void readsLinesSplitAcrossReadsOfTheStream() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("{\"line\":").append(i).append("}\n");
        }
        // a stream that hands out 7 bytes at a time
        InputStream trickle = new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        NdjsonLines lines = new NdjsonLines(trickle, 100);
        NdjsonLines.Line line;
        int count = 0;
        while ((line = lines.next()) != null) {
            assertThat(new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"line\":" + count + "}");
            count++;
        }
        assertThat(count).isEqualTo(20_000);
    }

    private static List<String> read(String text, int max) throws IOException {
        NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
        List<String> out = new ArrayList<>();
        NdjsonLines.Line line;
        while ((line = lines.next()) != null) {
            out.add(line.number() + ":" + (line.tooLong() ? "TOO LONG"
                    : new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8)));
        }
        return out;
    }
}
