package jp.jukinet.service.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads NDJSON (newline-delimited JSON) a line at a time from a stream in constant memory: a line
 * longer than the limit is skipped to its end and reported as such instead of being held whole.
 * Lines end with LF, optionally preceded by CR; blank lines are skipped (their numbers still
 * count, so a line's number is its number in the file).
 */
public final class NdjsonLines {

    /**
     * One line; {@code bytes} is this reader's buffer, valid until the next call of {@link #next()}.
     *
     * @param tooLong whether the line exceeded the limit (then {@code bytes} holds only its start)
     */
    public record Line(long number, byte[] bytes, int length, boolean tooLong) {
    }

    private final InputStream in;
    private final int maxLength;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private long number;

    public NdjsonLines(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /** The next non-blank line, or {@code null} at the end of the stream. */
    public Line next() throws IOException {
        while (true) {
            int length = 0;
            boolean tooLong = false;
            boolean started = false;
            boolean ended = false;
            while (!ended) {
                if (position == limit && !fill()) {
                    if (!started) {
                        return null;
                    }
                    break;
                }
                started = true;
                int newline = indexOfNewline();
                int end = newline < 0 ? limit : newline;
                int take = Math.min(end - position, maxLength - length);
                if (take > 0) {
                    ensureCapacity(length + take);
                    System.arraycopy(buffer, position, line, length, take);
                    length += take;
                }
                if (end - position > take) {
                    tooLong = true;
                }
                position = end;
                if (newline >= 0) {
                    position++;
                    ended = true;
                }
            }
            number++;
            if (length > 0 && line[length - 1] == '\r' && !tooLong) {
                length--;
            }
            if (!tooLong && blank(length)) {
                continue;
            }
            return new Line(number, line, length, tooLong);
        }
    }

    /** Whether another line can be read without waiting for the sender. */
    public boolean ready() throws IOException {
        return position < limit || in.available() > 0;
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(needed, line.length * 2), maxLength));
        }
    }

    private boolean blank(int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
