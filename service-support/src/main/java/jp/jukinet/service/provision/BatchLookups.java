package jp.jukinet.service.provision;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.provision.LookupProblem;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.service.web.Refusal;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Batch lookups: NDJSON in, NDJSON out, streamed both ways in constant memory.
 *
 * <p>Each line of the request is one {@link LookupRequest}; each answer line is one
 * {@link LookupResult} carrying the request's line number, in request order. A malformed line gets
 * its own INVALID answer (with the field at fault where there is one) and spoils nothing else.
 * Blank lines are skipped. Lines are taken in chunks: a chunk is taken when it is full or when the
 * sender has nothing more ready, so a slow sender still gets its answers promptly. A chunk is
 * looked up with one statement per kind of key and recorded in one append (F7); its answers are
 * written and flushed once its records are committed. Memory is bounded by two chunks (one being
 * recorded, one being looked up) whatever the length of the batch.
 *
 * <p>If a chunk cannot be looked up or recorded, its lines are answered FAILED and the answer ends
 * there: the lines after the last answered one were not processed and may be sent again. (The
 * chunk looked up meanwhile may already be recorded without having been answered: the records err
 * on the side of saying too much, never too little.)
 */
public class BatchLookups {

    /** The media type of both directions. */
    public static final String NDJSON = "application/x-ndjson";

    private static final Logger log = LoggerFactory.getLogger(BatchLookups.class);
    private static final byte[] NEWLINE = {'\n'};

    private final ProvideIdentityInformation provision;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final int chunkSize;
    private final int maxLineLength;

    public BatchLookups(ProvideIdentityInformation provision, JsonMapper json, int chunkSize, int maxLineLength) {
        this.provision = provision;
        this.reader = json.readerFor(LookupRequest.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.writer = json.writerFor(LookupResult.class);
        this.chunkSize = chunkSize;
        this.maxLineLength = maxLineLength;
    }

    /** What one line became: a request to look up, or already an answer (a malformed line). */
    private record Entry(long line, LookupRequest request, LookupResult answer) {
    }

    /**
     * Answers every line of {@code in} on {@code out} (not closed).
     *
     * <p>A depth-one pipeline: chunk <i>k</i>+1 is read and looked up while the records of chunk
     * <i>k</i> are being committed; chunk <i>k</i>'s answers are written once its records are. The
     * pipeline drains whenever the sender has nothing more ready, so a sender that waits for an
     * answer before it sends more gets it.
     *
     * @return how many lines were answered
     */
    public long run(String caller, InputStream in, OutputStream out) throws IOException {
        NdjsonLines lines = new NdjsonLines(in, maxLineLength);
        List<Entry> chunk = new ArrayList<>(chunkSize);
        InFlight pending = null;
        long answered = 0;
        while (true) {
            if (pending != null && !lines.ready()) {
                answered += pending.chunk().size();
                if (!finish(pending, out)) {
                    return answered;
                }
                pending = null;
            }
            NdjsonLines.Line line = lines.next();
            if (line != null) {
                chunk.add(parse(line));
            }
            if (!chunk.isEmpty() && (line == null || chunk.size() >= chunkSize || !lines.ready())) {
                InFlight started = start(caller, chunk);
                chunk = new ArrayList<>(chunkSize);
                if (pending != null) {
                    answered += pending.chunk().size();
                    if (!finish(pending, out)) {
                        return answered;
                    }
                }
                pending = started;
            }
            if (line == null) {
                if (pending != null) {
                    answered += pending.chunk().size();
                    finish(pending, out);
                }
                return answered;
            }
        }
    }

    /** A chunk whose lookups are done and whose records are being committed (or that failed). */
    private record InFlight(List<Entry> chunk, ProvideIdentityInformation.Answers answers, RuntimeException failure) {
    }

    private InFlight start(String caller, List<Entry> chunk) {
        List<LookupRequest> requests = new ArrayList<>(chunk.size());
        for (Entry entry : chunk) {
            if (entry.request() != null) {
                requests.add(entry.request());
            }
        }
        try {
            return new InFlight(chunk, requests.isEmpty() ? null : provision.answer(caller, requests), null);
        } catch (RuntimeException e) {
            return new InFlight(chunk, null, e);
        }
    }

    /** Writes a chunk's answers once recorded; {@code false} when it failed and the batch must end. */
    private boolean finish(InFlight inFlight, OutputStream out) throws IOException {
        List<LookupResult> results = List.of();
        RuntimeException failure = inFlight.failure();
        if (failure == null && inFlight.answers() != null) {
            try {
                results = inFlight.answers().await();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            log.error("A chunk of batch lookups could not be answered; the batch ends at line {}",
                    inFlight.chunk().get(0).line(), failure instanceof Refusal ? failure.getCause() : failure);
            LookupProblem problem = LookupProblem.unavailable(failure instanceof Refusal refusal ? refusal.getMessage()
                    : "the lookup failed; nothing was provided, and the batch ends here");
            results = inFlight.chunk().stream().filter(entry -> entry.request() != null)
                    .map(entry -> LookupResult.failed(problem)).toList();
        }
        int next = 0;
        for (Entry entry : inFlight.chunk()) {
            LookupResult result = entry.request() != null ? results.get(next++) : entry.answer();
            out.write(writer.writeValueAsBytes(result.atLine(entry.line())));
            out.write(NEWLINE);
        }
        out.flush();
        return failure == null;
    }

    private Entry parse(NdjsonLines.Line line) {
        if (line.tooLong()) {
            return new Entry(line.number(), null, LookupResult.invalid(LookupProblem.malformed(
                    "the line is longer than " + maxLineLength + " bytes")));
        }
        try {
            return new Entry(line.number(), reader.readValue(line.bytes(), 0, line.length()), null);
        } catch (JacksonException e) {
            return new Entry(line.number(), null, LookupResult.invalid(describe(e)));
        } catch (InvalidValueException e) {
            return new Entry(line.number(), null, LookupResult.invalid(LookupProblem.invalidField(e.field(), e.reason())));
        }
    }

    /** Names the field at fault without echoing the line: it may hold personal data. */
    static LookupProblem describe(JacksonException e) {
        InvalidValueException invalid = null;
        for (Throwable t = e; t != null && invalid == null; t = t.getCause()) {
            if (t instanceof InvalidValueException found) {
                invalid = found;
            }
        }
        String path = path(e);
        if (invalid != null) {
            return LookupProblem.invalidField(join(path, invalid.field()), invalid.reason());
        }
        if (e instanceof StreamReadException || path.isEmpty()) {
            return LookupProblem.malformed("the line is not a JSON object of a lookup");
        }
        return LookupProblem.invalidField(path, "has the wrong type or format");
    }

    private static String path(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** {@code fourInfo} + {@code dateOfBirth} → {@code fourInfo.dateOfBirth}; a code refused whole keeps its path. */
    private static String join(String path, String field) {
        if (path.isEmpty() || path.equals(field)) {
            return field;
        }
        if (field.equals(ResidentCode.FIELD) || field.equals(MyNumber.FIELD)) {
            return path;
        }
        return path + "." + field;
    }
}
