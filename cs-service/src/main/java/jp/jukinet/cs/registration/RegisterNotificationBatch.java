package jp.jukinet.cs.registration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.cs.moves.OutgoingMove;
import jp.jukinet.cs.numbering.Numbering;
import jp.jukinet.cs.numbering.ResidentCodePool;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.service.web.NdjsonLines;
import jp.jukinet.service.web.ProblemAdvice;
import jp.jukinet.service.web.Refusal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Many notifications in one request, as a municipality's back-office system sends them (and as
 * the local cluster loads its population): NDJSON in, one answer line per notification out, in
 * order. Each line is a notification as {@code POST …/notifications} takes it, with its
 * Idempotency-Key in the property {@code idempotencyKey}; each line is answered as that request
 * would be — the same result, the same refusal — and a refused line changes nothing and does not
 * spoil the others.
 *
 * <p>Lines are taken in chunks. The births of a chunk get their resident codes from the pool and
 * their My Numbers from J-LIS in one call each, and are written in one transaction (a savepoint
 * per line); every other notification goes through the single registration, in line order. A chunk's answers are written once it is committed, so an answer line means the
 * change is durable. Memory is bounded by one chunk.
 */
@Service
class RegisterNotificationBatch {

    static final String NDJSON = "application/x-ndjson";
    static final int CHUNK = 500;
    static final int MAX_LINE = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(RegisterNotificationBatch.class);
    private static final byte[] NEWLINE = {'\n'};

    private final RegisterNotification registration;
    private final ResidentCodePool codes;
    private final Numbering numbering;
    private final TransactionTemplate chunkTransaction;
    private final TransactionTemplate lineSavepoint;
    private final JsonMapper json;

    RegisterNotificationBatch(RegisterNotification registration, ResidentCodePool codes, Numbering numbering,
                              PlatformTransactionManager transactions, JsonMapper json) {
        this.registration = registration;
        this.codes = codes;
        this.numbering = numbering;
        this.chunkTransaction = new TransactionTemplate(transactions);
        this.lineSavepoint = new TransactionTemplate(transactions);
        this.lineSavepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.json = json;
    }

    /** One answer line: the line's number and key, and its result or its problem. */
    record Answer(long line, String idempotencyKey, Integer status, RegistrationResult result, ProblemDetail problem) {
    }

    /** A line on its way: parsed, prepared, answered. */
    static final class Entry {
        final long line;
        String idempotencyKey;
        NotificationRequest request;
        RegisterNotification.Prepared prepared;
        Answer answer;

        Entry(long line) {
            this.line = line;
        }

        void answer(int status, RegistrationResult result) {
            answer = new Answer(line, idempotencyKey, status, result, null);
        }

        void refuse(ProblemDetail problem) {
            answer = new Answer(line, idempotencyKey, problem.getStatus(), null, problem);
        }
    }

    void register(LocalGovernmentCode municipality, InputStream in, OutputStream out) throws IOException {
        NdjsonLines lines = new NdjsonLines(in, MAX_LINE);
        List<Entry> chunk = new ArrayList<>(CHUNK);
        NdjsonLines.Line line;
        while ((line = lines.next()) != null) {
            chunk.add(parse(json, line));
            if (chunk.size() == CHUNK) {
                process(municipality, chunk, out);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            process(municipality, chunk, out);
        }
    }

    /** A line read: its request, or already its answer (a refusal) when the line cannot be one. */
    static Entry parse(JsonMapper json, NdjsonLines.Line line) {
        Entry entry = new Entry(line.number());
        if (line.tooLong()) {
            entry.refuse(malformed("the line is longer than " + MAX_LINE + " bytes"));
            return entry;
        }
        try {
            JsonNode node = json.readTree(new java.io.ByteArrayInputStream(line.bytes(), 0, line.length()));
            if (!(node instanceof ObjectNode object)) {
                entry.refuse(malformed("the line is not a JSON object of a notification"));
                return entry;
            }
            JsonNode key = object.remove("idempotencyKey");
            if (key != null && !key.isNull()) {
                if (!key.isString()) {
                    entry.refuse(invalid("idempotencyKey", "must be a string"));
                    return entry;
                }
                entry.idempotencyKey = key.asString();
            }
            entry.request = json.treeToValue(object, NotificationRequest.class);
        } catch (RuntimeException e) {
            refuse(entry, e);
        }
        return entry;
    }

    private void process(LocalGovernmentCode municipality, List<Entry> chunk, OutputStream out) throws IOException {
        List<Entry> births = new ArrayList<>();
        for (Entry entry : chunk) {
            if (entry.answer != null) {
                continue;
            }
            try {
                entry.prepared = registration.prepare(municipality, entry.idempotencyKey, entry.request,
                        OutgoingMove.Channel.COUNTER);
                if (entry.prepared.earlier() != null) {
                    entry.answer(201, entry.prepared.earlier());
                } else if (entry.prepared.isBirth()) {
                    births.add(entry);
                } else {
                    entry.answer(201, registration.register(entry.prepared));
                }
            } catch (RuntimeException e) {
                refuse(entry, e);
            }
        }
        if (!births.isEmpty()) {
            registerBirths(births);
        }
        for (Entry entry : chunk) {
            out.write(json.writeValueAsBytes(entry.answer));
            out.write(NEWLINE);
        }
        out.flush();
    }

    private void registerBirths(List<Entry> entries) {
        List<ResidentCode> assigned;
        List<MyNumber> numbers;
        try {
            assigned = codes.next(entries.size());
            numbers = numbering.myNumbers(assigned, false);
        } catch (RuntimeException e) {
            entries.forEach(entry -> refuse(entry, e));
            return;
        }
        chunkTransaction.executeWithoutResult(status -> {
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                ResidentCode code = assigned.get(i);
                MyNumber number = numbers.get(i);
                try {
                    entry.answer(201, lineSavepoint.execute(line -> registration.writeBirth(entry.prepared, code, number)));
                } catch (DuplicateKeyException e) {
                    // an earlier line of this batch (or a concurrent request) used the same key
                    RegistrationResult earlier = lineSavepoint.execute(line -> registration.earlierAnswerTo(entry.prepared))
                            .orElseThrow(() -> e);
                    entry.answer(201, earlier);
                } catch (RuntimeException e) {
                    refuse(entry, e);
                }
            }
        });
    }

    private static void refuse(Entry entry, RuntimeException e) {
        if (e instanceof JacksonException || e instanceof Refusal || e instanceof jp.jukinet.model.InvalidValueException) {
            entry.refuse(ProblemAdvice.problemFor(e).orElseThrow());
            return;
        }
        log.error("Batch line {} failed ({})", entry.line, e.getClass().getSimpleName(), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR,
                "this line could not be registered; nothing was written for it, please retry it");
        problem.setType(java.net.URI.create("urn:jukinet:problem:internal"));
        problem.setTitle("Internal error");
        entry.refuse(problem);
    }

    private static ProblemDetail malformed(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatus.BAD_REQUEST, detail);
        problem.setType(jp.jukinet.service.web.ProblemTypes.MALFORMED_REQUEST);
        problem.setTitle("Malformed request");
        return problem;
    }

    private static ProblemDetail invalid(String field, String reason) {
        return ProblemAdvice.problemFor(new jp.jukinet.model.InvalidValueException(field, reason)).orElseThrow();
    }
}
