package jp.jukinet.provision.subscription;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.provision.LookupKey;
import jp.jukinet.model.provision.LookupProblem;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.RefusalReason;
import jp.jukinet.model.subscription.SubscriptionChange;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.model.subscription.SubscriptionRequest;
import jp.jukinet.model.subscription.SubscriptionStatus;
import jp.jukinet.model.subscription.SubscriptionView;
import jp.jukinet.model.subscription.TargetKind;
import jp.jukinet.model.subscription.TargetResult;
import jp.jukinet.provision.IdentityLookups;
import jp.jukinet.service.web.NdjsonLines;
import jp.jukinet.provision.ProvideIdentityInformation;
import jp.jukinet.provision.ProvisionRecord;
import jp.jukinet.provision.ProvisionRecorder;
import jp.jukinet.provision.StoredPerson;
import jp.jukinet.provision.subscription.extract.AgeReckoning;
import jp.jukinet.service.web.Refusal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an agency does with its subscriptions (F6) at the national server. Every operation is by
 * the caller's verified identity and under the legal-basis check of a lookup
 * ({@link ProvideIdentityInformation#authorizeSubscription}); an agency sees and changes only its
 * own subscriptions, judged from our own records (F10): another's is answered 404, as one that does
 * not exist.
 *
 * <p>The extract modes ({@link SubscriptionExtracts} writes their events): a MILESTONE_AGE
 * subscription follows the rule's criterion (its scope), an AS_OF one lists its targets and is
 * created PAUSED, so that its one-off batch waits until the agency has listed them and resumes it;
 * once its batch is written it is COMPLETED, and its targets and status can no longer change (409).
 */
public class ManageSubscriptions {

    /** Events read and recorded per page of a pull. */
    static final int PAGE = 1_000;
    /** Lines per chunk of a target upload: one lookup, one insert, one delete and one record append each. */
    static final int TARGET_CHUNK = 1_000;

    private final Subscriptions subscriptions;
    private final SubscriptionFeeds feeds;
    private final ProvideIdentityInformation provision;
    private final IdentityLookups lookups;
    private final ProvisionRecorder recorder;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final int maxLineLength;

    public ManageSubscriptions(Subscriptions subscriptions, SubscriptionFeeds feeds, ProvideIdentityInformation provision,
                               IdentityLookups lookups, ProvisionRecorder recorder, TransactionTemplate transactions,
                               JsonMapper json, int maxLineLength) {
        this.subscriptions = subscriptions;
        this.feeds = feeds;
        this.provision = provision;
        this.lookups = lookups;
        this.recorder = recorder;
        this.transactions = transactions;
        this.json = json;
        this.maxLineLength = maxLineLength;
    }

    /**
     * Creates a subscription of the caller's.
     *
     * @throws Refusal FORBIDDEN (recorded) when the rule does not allow it; INVALID naming {@code target}
     *                 for a MILESTONE_AGE subscription not CRITERION or an AS_OF one not LISTED, naming
     *                 {@code milestoneAge} for an age the law's reckoning cannot count (below 1)
     */
    public SubscriptionView create(String caller, SubscriptionRequest request) {
        provision.authorizeSubscription(caller, request.basis(), request.mode(), request.milestoneAge(), request.target());
        if (request.mode() == SubscriptionMode.MILESTONE_AGE && request.target() != TargetKind.CRITERION) {
            throw Refusal.invalid("target", "a MILESTONE_AGE subscription follows the rule's criterion (everyone in its"
                    + " scope reaching the age): target CRITERION");
        }
        if (request.mode() == SubscriptionMode.MILESTONE_AGE
                && (request.milestoneAge() < 1 || request.milestoneAge() > AgeReckoning.MAX_AGE)) {
            throw Refusal.invalid("milestoneAge", "milestoneAge is 1 to " + AgeReckoning.MAX_AGE);
        }
        if (request.mode() == SubscriptionMode.AS_OF && request.target() != TargetKind.LISTED) {
            throw Refusal.invalid("target", "an AS_OF batch is of listed persons: target LISTED");
        }
        Subscription subscription = new Subscription(UUID.randomUUID(), caller, request.basis(), request.mode(),
                request.frequency(), request.milestoneAge(), request.asOf(), request.target(), request.endpoint(),
                feeds.now());
        if (request.mode() == SubscriptionMode.AS_OF) {
            // held: the batch would otherwise run as soon as the date has come, before the targets are listed
            subscription.status(SubscriptionStatus.PAUSED, feeds.now());
        }
        return subscriptions.save(subscription).view(0);
    }

    /** The caller's subscriptions, oldest first. */
    public List<SubscriptionView> list(String caller) {
        ProvideIdentityInformation.requireCaller(caller);
        return subscriptions.findByRecipientOrderByCreatedAtAscIdAsc(caller).stream()
                .map(subscription -> subscription.view(feeds.targetCount(subscription.id()))).toList();
    }

    /** One of the caller's subscriptions. @throws Refusal NOT_FOUND when it is not theirs or does not exist */
    public SubscriptionView get(String caller, UUID id) {
        Subscription subscription = own(caller, id);
        return subscription.view(feeds.targetCount(id));
    }

    /**
     * Changes the endpoint, the frequency (BATCHED only) or pauses / resumes.
     *
     * @throws Refusal NOT_FOUND when not theirs; CONFLICT when cancelled, a status change of a
     *                 COMPLETED one, or on a concurrent change (optimistic version); INVALID naming
     *                 {@code frequency} for a subscription not BATCHED, {@code status} for COMPLETED
     */
    public SubscriptionView change(String caller, UUID id, SubscriptionChange change) {
        if (change.status() == SubscriptionStatus.COMPLETED) {
            throw Refusal.invalid("status", "status here is ACTIVE or PAUSED; J-LIS completes an as-of batch");
        }
        Subscription changed = transactions.execute(status -> {
            Subscription subscription = own(caller, id);
            if (subscription.status() == SubscriptionStatus.CANCELLED) {
                throw Refusal.conflict("status", "the subscription is cancelled; make a new one");
            }
            if (subscription.status() == SubscriptionStatus.COMPLETED && change.status() != null) {
                throw Refusal.conflict("status", "the as-of batch of this subscription is written (COMPLETED): it is"
                        + " neither paused nor resumed; make a new subscription for another batch");
            }
            if (change.frequency() != null && subscription.mode() != SubscriptionMode.BATCHED) {
                throw Refusal.invalid("frequency", "only a BATCHED subscription has a frequency");
            }
            if (change.status() == SubscriptionStatus.ACTIVE) {
                // resuming is subscribing again: the rule must still name the caller and be in force
                provision.authorizeSubscription(caller, subscription.basis(), subscription.mode(), null,
                        subscription.target());
            }
            if (change.endpoint() != null || Boolean.TRUE.equals(change.removeEndpoint())) {
                subscription.endpoint(change.endpoint(), feeds.now());
            }
            if (change.frequency() != null) {
                subscription.frequency(change.frequency(), feeds.now());
            }
            if (change.status() != null) {
                subscription.status(change.status(), feeds.now());
            }
            return subscriptions.saveAndFlush(subscription);
        });
        return changed.view(feeds.targetCount(id));
    }

    /** Cancels: no more events; its feed stays readable. @throws Refusal NOT_FOUND when not theirs */
    public SubscriptionView cancel(String caller, UUID id) {
        Subscription cancelled = transactions.execute(status -> {
            Subscription subscription = own(caller, id);
            subscription.status(SubscriptionStatus.CANCELLED, feeds.now());
            return subscriptions.saveAndFlush(subscription);
        });
        return cancelled.view(feeds.targetCount(id));
    }

    private Subscription own(String caller, UUID id) {
        ProvideIdentityInformation.requireCaller(caller);
        // another agency's subscription is answered as one that does not exist (no oracle of ids)
        return subscriptions.findByIdAndRecipient(id, caller)
                .orElseThrow(() -> Refusal.notFound("id", "no subscription " + id + " of yours"));
    }

    /**
     * Adds and removes listed targets from NDJSON lines {@code {"op":"add"|"remove","residentCode"|"myNumber":…}},
     * answering each line in order ({@link TargetResult}) as its chunk is done. Each chunk is one
     * lookup, one insert and one delete in JDBC batches, without a transaction per line; refusals
     * (a My Number key the rule does not allow, a person outside the rule's scope) are recorded before
     * they are answered.
     *
     * @return the number of lines read
     * @throws Refusal before any line: NOT_FOUND when not theirs, CONFLICT for a criterion, cancelled or
     *                 COMPLETED subscription, FORBIDDEN (recorded) when the rule no longer allows it; CONFLICT
     *                 after some lines when an as-of batch completes during the upload (the chunk that
     *                 meets it is not applied, the lines answered before it are in the batch)
     */
    public long targets(String caller, UUID id, InputStream in, OutputStream out) throws IOException {
        Subscription subscription = own(caller, id);
        if (subscription.target() != TargetKind.LISTED) {
            throw Refusal.conflict("target", "a CRITERION subscription follows its rule's scope; it lists no one");
        }
        if (subscription.status() == SubscriptionStatus.CANCELLED) {
            throw Refusal.conflict("status", "the subscription is cancelled");
        }
        if (subscription.status() == SubscriptionStatus.COMPLETED) {
            throw Refusal.conflict("status", "the as-of batch of this subscription is written (COMPLETED): its targets"
                    + " no longer change; make a new subscription for another batch");
        }
        boolean batch = subscription.mode() == SubscriptionMode.AS_OF;
        ProvisionRule rule = provision.authorizeSubscription(caller, subscription.basis(), subscription.mode(), null,
                TargetKind.LISTED);
        ObjectWriter writer = json.writerFor(TargetResult.class);
        NdjsonLines lines = new NdjsonLines(in, maxLineLength);
        List<TargetLine> chunk = new ArrayList<>(TARGET_CHUNK);
        long read = 0;
        NdjsonLines.Line line;
        while ((line = lines.next()) != null) {
            read++;
            chunk.add(parse(line));
            if (chunk.size() == TARGET_CHUNK || !lines.ready()) {
                write(apply(caller, rule, id, batch, chunk), writer, out);
                chunk.clear();
            }
        }
        write(apply(caller, rule, id, batch, chunk), writer, out);
        return read;
    }

    private record TargetLine(long number, boolean add, LookupRequest request, LookupProblem invalid) {
    }

    private TargetLine parse(NdjsonLines.Line line) {
        if (line.tooLong()) {
            return new TargetLine(line.number(), false, null, LookupProblem.malformed("the line is longer than "
                    + maxLineLength + " bytes"));
        }
        try {
            JsonNode node = json.readTree(new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                return invalid(line, "op", "a target line is an object {op, residentCode | myNumber}");
            }
            String op = node.path("op").asString(null);
            if (!"add".equals(op) && !"remove".equals(op)) {
                return invalid(line, "op", "op must be add or remove");
            }
            boolean byCode = node.hasNonNull(ResidentCode.FIELD);
            boolean byNumber = node.hasNonNull(MyNumber.FIELD);
            if (byCode == byNumber) {
                return invalid(line, ResidentCode.FIELD, "name the person by exactly one of residentCode and myNumber");
            }
            // the basis is only carried for IdentityLookups; the rule was decided for the whole upload
            LookupRequest request = byCode
                    ? LookupRequest.byResidentCode("subscription", ResidentCode.of(node.get(ResidentCode.FIELD).asString()))
                    : LookupRequest.byMyNumber("subscription", MyNumber.of(node.get(MyNumber.FIELD).asString()));
            return new TargetLine(line.number(), op.equals("add"), request, null);
        } catch (InvalidValueException e) {
            return invalid(line, e.field(), e.reason());
        } catch (JacksonException e) {
            return new TargetLine(line.number(), false, null, LookupProblem.malformed("the line is not JSON"));
        }
    }

    private static TargetLine invalid(NdjsonLines.Line line, String field, String detail) {
        return new TargetLine(line.number(), false, null, LookupProblem.invalidField(field, detail));
    }

    private List<TargetResult> apply(String caller, ProvisionRule rule, UUID id, boolean batch, List<TargetLine> chunk) {
        List<TargetResult> results = new ArrayList<>(chunk.size());
        if (chunk.isEmpty()) {
            return results;
        }
        boolean numbersAllowed = rule.allows(IdentityField.MY_NUMBER);
        List<LookupRequest> asked = new ArrayList<>();
        for (TargetLine line : chunk) {
            if (line.request() != null && (line.request().key() != LookupKey.MY_NUMBER || numbersAllowed)) {
                asked.add(line.request());
            }
        }
        List<List<StoredPerson>> found = asked.isEmpty() ? List.of() : lookups.find(asked);
        List<String> adds = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        List<ProvisionRecord> refusals = new ArrayList<>();
        int next = 0;
        for (TargetLine line : chunk) {
            if (line.request() == null) {
                results.add(new TargetResult(line.number(), TargetResult.Outcome.INVALID, line.invalid()));
                continue;
            }
            LookupKey key = line.request().key();
            if (key == LookupKey.MY_NUMBER && !numbersAllowed) {
                // looking a person up by their number is a use of it, refused before the register is read
                refusals.add(new ProvisionRecord(caller, rule.id(), null, key, java.util.Set.of(),
                        ProvisionOutcome.REFUSED, RefusalReason.MY_NUMBER_KEY_NOT_ALLOWED));
                results.add(new TargetResult(line.number(), TargetResult.Outcome.REFUSED,
                        provision.subscriptionRefusal(RefusalReason.MY_NUMBER_KEY_NOT_ALLOWED, caller, rule)));
                continue;
            }
            List<StoredPerson> people = found.get(next++);
            if (people.isEmpty()) {
                results.add(new TargetResult(line.number(), TargetResult.Outcome.NOT_FOUND, LookupProblem.notFound(
                        key == LookupKey.MY_NUMBER ? MyNumber.FIELD : ResidentCode.FIELD, "no resident has it")));
                continue;
            }
            StoredPerson person = people.get(0);
            if (!line.add()) {
                removes.add(person.residentCode());
                results.add(new TargetResult(line.number(), TargetResult.Outcome.REMOVED, null));
            } else if (rule.scope() != null
                    && !rule.scope().covers(LocalGovernmentCode.of(person.municipality()).prefecture())) {
                refusals.add(new ProvisionRecord(caller, rule.id(), ResidentCode.of(person.residentCode()), key,
                        java.util.Set.of(), ProvisionOutcome.REFUSED, RefusalReason.OUT_OF_SCOPE));
                results.add(new TargetResult(line.number(), TargetResult.Outcome.REFUSED,
                        provision.subscriptionRefusal(RefusalReason.OUT_OF_SCOPE, caller, rule)));
            } else {
                adds.add(person.residentCode());
                results.add(new TargetResult(line.number(), TargetResult.Outcome.ADDED, null));
            }
        }
        // an add and a remove of the same person in one chunk: the later line wins
        if (batch) {
            // an as-of batch and this chunk exclude each other (row lock): the chunk is in the batch, or refused after it
            transactions.executeWithoutResult(status -> {
                if (SubscriptionStatus.COMPLETED.name().equals(feeds.statusForTargets(id))) {
                    throw Refusal.conflict("status", "the as-of batch of this subscription was written during the"
                            + " upload (COMPLETED): the lines from " + chunk.get(0).number() + " on are not applied");
                }
                applyInOrder(id, chunk, results, adds, removes);
            });
        } else {
            applyInOrder(id, chunk, results, adds, removes);
        }
        recorder.record(refusals);
        return results;
    }

    /** Adds and removes, keeping line order where one chunk both adds and removes a person. */
    private void applyInOrder(UUID id, List<TargetLine> chunk, List<TargetResult> results, List<String> adds,
                              List<String> removes) {
        java.util.Set<String> both = new java.util.HashSet<>(adds);
        both.retainAll(new java.util.HashSet<>(removes));
        if (both.isEmpty()) {
            feeds.addTargets(id, adds);
            feeds.removeTargets(id, removes);
            return;
        }
        // rare: apply line by line in order for this chunk
        int a = 0;
        int r = 0;
        for (TargetResult result : results) {
            if (result.outcome() == TargetResult.Outcome.ADDED) {
                feeds.addTargets(id, List.of(adds.get(a++)));
            } else if (result.outcome() == TargetResult.Outcome.REMOVED) {
                feeds.removeTargets(id, List.of(removes.get(r++)));
            }
        }
    }

    private static void write(List<TargetResult> results, ObjectWriter writer, OutputStream out) throws IOException {
        for (TargetResult result : results) {
            out.write(writer.writeValueAsBytes(result));
            out.write('\n');
        }
        out.flush();
    }

    /**
     * Streams the events after {@code after} as NDJSON ({@link SubscriptionEvent} per line), at most
     * {@code limit} ({@code null}: up to the head when asked), page by page. Each page is recorded as
     * provisions (one append) before it is written; the next page is read, and its records handed to
     * the recorder, while the page before is being committed and written. So a reader who goes away
     * mid-stream may leave one page recorded that it did not receive, never one received unrecorded.
     *
     * @return the number of events written
     * @throws Refusal NOT_FOUND when not theirs; FORBIDDEN (recorded) when the rule no longer names the
     *                 caller or is not in force; INVALID naming {@code after} or {@code limit}
     */
    public long events(String caller, UUID id, long after, Integer limit, OutputStream out) throws IOException {
        if (after < 0) {
            throw Refusal.invalid("after", "after is a sequence number, 0 or more");
        }
        if (limit != null && limit < 1) {
            throw Refusal.invalid("limit", "limit is 1 or more");
        }
        Subscription subscription = own(caller, id);
        provision.authorizeSubscription(caller, subscription.basis(), null, null, null);
        long head = feeds.head(id);
        long remaining = limit == null ? Math.max(head - after, 0) : limit;
        long written = 0;
        List<SubscriptionFeeds.EncodedEvent> page = remaining > 0
                ? feeds.encodedAfter(id, after, (int) Math.min(PAGE, remaining)) : List.of();
        SubscriptionFeeds.PulledPages pulled = feeds.pulledPages(id);
        CompletableFuture<Void> recorded = pulled.submit(page);
        while (!page.isEmpty()) {
            remaining -= page.size();
            List<SubscriptionFeeds.EncodedEvent> next = remaining > 0
                    ? feeds.encodedAfter(id, page.get(page.size() - 1).sequence(), (int) Math.min(PAGE, remaining))
                    : List.of();
            CompletableFuture<Void> nextRecorded = pulled.submit(next);
            recorder.await(recorded);
            for (SubscriptionFeeds.EncodedEvent event : page) {
                out.write(event.line());
            }
            out.flush();
            written += page.size();
            page = next;
            recorded = nextRecorded;
        }
        return written;
    }
}
