package jp.jukinet.agency.client;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;

import tools.jackson.databind.ObjectWriter;

/**
 * The request half of a full-duplex NDJSON exchange: takes the caller's lines from an iterator on
 * a thread of its own and writes them, one JSON value a line, in blocks of up to
 * {@value #BLOCK} bytes (a line alone would go out as an HTTP chunk and a TLS record of its own).
 * The request stream blocks while the server does not read, so memory stays bounded whatever the
 * length of the batch.
 *
 * <p>A sender that waits before its next line (for an answer, or for its source) must not keep its
 * last lines in the block: {@link #lingered()}, called periodically, sends what is waiting once no
 * line has been added since the last call. The iterator is never called holding the lock, so the
 * lines waiting go out even while it blocks.
 */
final class NdjsonUpload<T> implements Callable<Long> {

    static final int BLOCK = 64 * 1024;

    private final Iterator<? extends T> lines;
    private final ObjectWriter writer;
    private final OutputStream out;
    private final Consumer<Throwable> abort;
    private final ReentrantLock lock = new ReentrantLock();
    private final byte[] block = new byte[BLOCK];
    private int used;
    private volatile long sent;
    private long sentAtLastLook = -1;

    NdjsonUpload(Iterator<? extends T> lines, ObjectWriter writer, OutputStream out, Consumer<Throwable> abort) {
        this.lines = lines;
        this.writer = writer;
        this.out = out;
        this.abort = abort;
    }

    /**
     * Writes every line, then ends the request body; returns how many lines were sent. When a line
     * cannot be had or written, the request is aborted (the server sees a broken request, not a
     * short one) and the failure thrown.
     */
    @Override
    public Long call() throws IOException {
        try {
            while (lines.hasNext()) {
                byte[] line = writer.writeValueAsBytes(lines.next());
                lock.lock();
                try {
                    append(line);
                    sent++;
                } finally {
                    lock.unlock();
                }
            }
            lock.lock();
            try {
                drain();
            } finally {
                lock.unlock();
            }
        } catch (IOException | RuntimeException | Error e) {
            abort.accept(e);
            throw e;
        }
        out.close();
        return sent;
    }

    /** Lines sent (or waiting in the block) so far. */
    long sent() {
        return sent;
    }

    /** Sends the lines waiting in the block if none was added since the last call; never waits for the writer. */
    void lingered() {
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (used > 0 && sent == sentAtLastLook) {
                drain();
            }
            sentAtLastLook = sent;
        } catch (IOException e) {
            // the request has failed: the writer's next write says so to the caller
        } finally {
            lock.unlock();
        }
    }

    private void append(byte[] line) throws IOException {
        if (used + line.length + 1 > BLOCK) {
            drain();
        }
        if (line.length + 1 > BLOCK) {
            out.write(line);
            out.write('\n');
            out.flush();
            return;
        }
        System.arraycopy(line, 0, block, used, line.length);
        used += line.length;
        block[used++] = '\n';
    }

    private void drain() throws IOException {
        if (used > 0) {
            out.write(block, 0, used);
            out.flush();
            used = 0;
        }
    }
}
