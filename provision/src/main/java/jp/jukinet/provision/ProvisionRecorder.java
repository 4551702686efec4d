package jp.jukinet.provision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jp.jukinet.service.web.Refusal;

/**
 * Records provisions before they are answered, with group commit: callers hand their records to
 * one writer thread and wait; the writer appends whatever has queued up meanwhile in one
 * statement and one commit ({@link ProvisionRecords#append}) and releases every waiter.
 * Many concurrent single lookups therefore cost one commit per group rather than one each, and
 * the chain head is never contended inside this process.
 *
 * <p>If the records cannot be written the waiters get {@link Refusal.Kind#UNAVAILABLE}: nothing
 * is provided that is not recorded.
 */
public class ProvisionRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProvisionRecorder.class);

    private record Pending(List<ProvisionRecord> records, CompletableFuture<Void> done) {
    }

    private final ProvisionRecords records;
    private final int maxGroup;
    private final Duration timeout;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param maxGroup the most records one transaction appends (a larger single hand-over is
     *                 appended whole)
     * @param timeout  how long a caller waits for its records to be committed
     */
    public ProvisionRecorder(ProvisionRecords records, int maxGroup, Duration timeout) {
        this.records = records;
        this.maxGroup = maxGroup;
        this.timeout = timeout;
        this.writer = new Thread(this::writeLoop, "provision-recorder");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Appends {@code provisions} to the chain and returns once they are committed.
     *
     * @throws Refusal (UNAVAILABLE) when they could not be committed in time
     */
    public void record(List<ProvisionRecord> provisions) {
        await(submit(provisions));
    }

    /**
     * Hands {@code provisions} to the writer and returns at once; {@link #await} the result before
     * answering anything they record.
     */
    public CompletableFuture<Void> submit(List<ProvisionRecord> provisions) {
        if (provisions.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the recorder is closed"));
        }
        Pending pending = new Pending(provisions, new CompletableFuture<>());
        queue.add(pending);
        return pending.done();
    }

    /**
     * Waits until records handed over by {@link #submit} are committed.
     *
     * @throws Refusal (UNAVAILABLE) when they could not be committed in time
     */
    public void await(CompletableFuture<Void> submitted) {
        try {
            submitted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable(e);
        }
    }

    private static Refusal unavailable(Exception cause) {
        Refusal refusal = new Refusal(Refusal.Kind.UNAVAILABLE, null,
                "the provision could not be recorded, so nothing was provided; try again later");
        if (cause != null) {
            refusal.initCause(cause);
        }
        return refusal;
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>();
        List<ProvisionRecord> all = new ArrayList<>();
        while (!closed) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int size = first.records().size();
                Pending next;
                while (size < maxGroup && (next = queue.peek()) != null && size + next.records().size() <= maxGroup) {
                    group.add(queue.poll());
                    size += next.records().size();
                }
                group.forEach(pending -> all.addAll(pending.records()));
                write(group, all);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                group.clear();
                all.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the recorder was closed"));
        }
    }

    private void write(List<Pending> group, List<ProvisionRecord> all) {
        try {
            records.append(all);
            group.forEach(pending -> pending.done().complete(null));
        } catch (RuntimeException e) {
            // the exception names tables and constraints, never the records' contents
            log.error("Could not write {} provision records; their lookups are answered 503", all.size(), e);
            group.forEach(pending -> pending.done().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
