package jp.jukinet.provision;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.provision.LookupKey;
import jp.jukinet.model.provision.LookupProblem;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.PrefectureUse;
import jp.jukinet.model.provision.ProviderTier;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.model.provision.ProvisionScope;
import jp.jukinet.model.provision.RefusalReason;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.model.subscription.TargetKind;
import jp.jukinet.service.web.Refusal;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;

/**
 * Provision of identity information (本人確認情報の提供, F5) by this node, under the statute:
 * <ol>
 *   <li>the basis must be a rule of this provider's tier ({@link RefusalReason#UNKNOWN_BASIS},
 *       {@link RefusalReason#OTHER_PROVIDER});</li>
 *   <li>the caller must be the rule's recipient ({@link RefusalReason#NOT_RECIPIENT}, OWASP API1);</li>
 *   <li>the rule must be in force today, in Japan, on the injected clock
 *       ({@link RefusalReason#NOT_IN_FORCE});</li>
 *   <li>a lookup by My Number needs a rule whose task may use the My Number
 *       ({@link RefusalReason#MY_NUMBER_KEY_NOT_ALLOWED}): looking a person up by their number is
 *       a use of it;</li>
 *   <li>a statistics rule of a prefecture's own use (Art. 30-15(1) item 4) answers no lookup of a
 *       person ({@link RefusalReason#STATISTICS_ONLY}); its aggregates are asked for apart
 *       ({@link #authorizeAggregate});</li>
 * </ol>
 * and only then, for a request these allow, is the register read: the person is looked up; a rule
 * with a scope (Art. 30-10 to 30-12, {@link ProvisionScope}) reaches only the persons its 通知都道府県
 * covers, judged from this node's record of each match ({@link RefusalReason#OUT_OF_SCOPE} when no
 * match is inside it; matches outside it are neither answered nor counted); and only the rule's
 * fields are answered (OWASP API3). A refused request never reads the register. Several
 * matches of 4 info are answered with their number and nothing else; no one is guessed.
 *
 * <p>Every lookup with a caller and a well-formed request is recorded (F7) before it is
 * answered, whatever its outcome; the person it was about is recorded when exactly one matched (an
 * out-of-scope refusal included), and for any other refusal when the request named them by resident code (a refusal resolves no My Number or 4
 * info into a person), so that the resident sees who asked. Nothing is answered that could not be
 * recorded.
 *
 * <p>A rule of the person's consent (Art. 30-15(1) item 3) is decided once the person is found: the
 * use is answered only about a person whose consent to that rule is recorded and not revoked
 * ({@link UseConsents}), and otherwise refused ({@link RefusalReason#NO_CONSENT}) and recorded
 * about the person found, so that they see the use they did not consent to.
 */
public class ProvideIdentityInformation {

    private final ProviderTier tier;
    private final ProvisionRules rules;
    private final IdentityLookups lookups;
    private final ProvisionRecorder recorder;
    private final Clock clock;
    private final ZoneId zone;
    private final UseConsents consents;

    public ProvideIdentityInformation(ProviderTier tier, ProvisionRules rules, IdentityLookups lookups,
                                      ProvisionRecorder recorder, Clock clock, ZoneId zone) {
        this(tier, rules, lookups, recorder, clock, zone, null);
    }

    /**
     * @param consents the consents to rules of Art. 30-15(1) item 3; {@code null} where none are kept
     *                 (then every use under such a rule is refused)
     */
    public ProvideIdentityInformation(ProviderTier tier, ProvisionRules rules, IdentityLookups lookups,
                                      ProvisionRecorder recorder, Clock clock, ZoneId zone, UseConsents consents) {
        this.tier = tier;
        this.rules = rules;
        this.lookups = lookups;
        this.recorder = recorder;
        this.clock = clock;
        this.zone = zone;
        this.consents = consents;
    }

    /** The provider tier whose rules this node serves. */
    public ProviderTier tier() {
        return tier;
    }

    /** The rules of this provider that name {@code caller}, in force or not, in file order. */
    public List<ProvisionRule> rulesNaming(String caller) {
        requireCaller(caller);
        return rules.forRecipient(caller).stream().filter(rule -> rule.provider() == tier).toList();
    }

    /** The rule of this provider with that id, if any. */
    public Optional<ProvisionRule> rule(String id) {
        return rules.byId(id).filter(rule -> rule.provider() == tier);
    }

    /**
     * One lookup.
     *
     * @return the provision (outcome PROVIDED) or the number of matches (AMBIGUOUS)
     * @throws Refusal FORBIDDEN when refused, NOT_FOUND when no one matches (both recorded),
     *                 UNAVAILABLE when the provision could not be recorded
     */
    public LookupResult lookup(String caller, LookupRequest request) {
        requireCaller(caller);
        LookupResult result = lookupAll(caller, List.of(request)).get(0);
        return switch (result.outcome()) {
            case REFUSED -> throw new Refusal(Refusal.Kind.FORBIDDEN, result.error().field(), result.error().detail());
            case NOT_FOUND -> throw Refusal.notFound(result.error().field(), result.error().detail());
            default -> result;
        };
    }

    /**
     * Many lookups by one caller (a chunk of a batch): one answer per request, in order, none of
     * them thrown. All are recorded, in one append, before this returns.
     *
     * @throws Refusal UNAVAILABLE when the provisions could not be recorded (then none is answered)
     */
    public List<LookupResult> lookupAll(String caller, List<LookupRequest> requests) {
        return answer(caller, requests).awaitResults();
    }

    /**
     * Looks up {@code requests} and hands their records to the recorder without waiting for the
     * commit, so that a batch can look up its next chunk meanwhile. The answers are released by
     * {@link Answers#await()} once the records are committed.
     */
    public Answers answer(String caller, List<LookupRequest> requests) {
        requireCaller(caller);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        // the legal basis of every request is decided before the register is read at all
        Map<String, Decision> decisions = new HashMap<>();
        RefusalReason[] refusals = new RefusalReason[requests.size()];
        List<LookupRequest> allowed = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            LookupRequest request = requests.get(i);
            Decision decision = decisions.computeIfAbsent(request.basis(), basis -> decide(caller, basis, today));
            RefusalReason refusal = decision.refusal();
            if (refusal == null && request.key() == LookupKey.MY_NUMBER && !decision.rule().allows(IdentityField.MY_NUMBER)) {
                refusal = RefusalReason.MY_NUMBER_KEY_NOT_ALLOWED;
            }
            if (refusal == null && decision.rule().use() == PrefectureUse.STATISTICS) {
                refusal = RefusalReason.STATISTICS_ONLY;
            }
            refusals[i] = refusal;
            if (refusal == null) {
                allowed.add(request);
            }
        }
        List<List<StoredPerson>> found = allowed.isEmpty() ? List.of() : lookups.find(allowed);
        Map<String, Set<ResidentCode>> consenting = consenting(requests, refusals, decisions, found);
        List<Answer> answers = new ArrayList<>(requests.size());
        List<ProvisionRecord> records = new ArrayList<>(requests.size());
        int next = 0;
        for (int i = 0; i < requests.size(); i++) {
            LookupRequest request = requests.get(i);
            Decision decision = decisions.get(request.basis());
            RefusalReason refusal = refusals[i];
            if (refusal != null) {
                // the person asked about is recorded only where the request itself names them by resident code
                ResidentCode named = request.key() == LookupKey.RESIDENT_CODE ? request.residentCode() : null;
                answers.add(new Answer(LookupResult.refused(problem(refusal, request.basis(), caller, decision.rule(), today))));
                records.add(record(caller, request, named, Set.of(), ProvisionOutcome.REFUSED, refusal));
                continue;
            }
            List<StoredPerson> people = found.get(next++);
            ProvisionScope scope = decision.rule().scope();
            if (scope != null) {
                // Art. 30-10 to 30-12: only persons the rule's 通知都道府県 reaches are the recipient's to
                // receive (or to count among several matches); decided before anything is answered
                List<StoredPerson> inScope = people.stream().filter(person -> inScope(scope, person)).toList();
                if (inScope.isEmpty() && !people.isEmpty()) {
                    // the person asked about is recorded (when one matched) so that they see who asked
                    ResidentCode outside = people.size() == 1 ? ResidentCode.of(people.get(0).residentCode()) : null;
                    answers.add(new Answer(LookupResult.refused(problem(RefusalReason.OUT_OF_SCOPE, request.basis(),
                            caller, decision.rule(), today))));
                    records.add(record(caller, request, outside, Set.of(), ProvisionOutcome.REFUSED,
                            RefusalReason.OUT_OF_SCOPE));
                    continue;
                }
                people = inScope;
            }
            ResidentCode subject = people.size() == 1 ? ResidentCode.of(people.get(0).residentCode()) : null;
            if (people.isEmpty()) {
                answers.add(new Answer(LookupResult.notFound(LookupProblem.notFound(field(request.key()),
                        "no resident matches the " + field(request.key()) + " given"))));
                records.add(record(caller, request, null, Set.of(), ProvisionOutcome.NOT_FOUND, null));
            } else if (people.size() > 1) {
                answers.add(new Answer(LookupResult.ambiguous(people.size())));
                records.add(record(caller, request, null, Set.of(), ProvisionOutcome.AMBIGUOUS, null));
            } else if (decision.rule().use() == PrefectureUse.CONSENTED_TASK
                    && !consenting.getOrDefault(request.basis(), Set.of()).contains(subject)) {
                answers.add(new Answer(LookupResult.refused(problem(RefusalReason.NO_CONSENT, request.basis(), caller,
                        decision.rule(), today))));
                records.add(record(caller, request, subject, Set.of(), ProvisionOutcome.REFUSED, RefusalReason.NO_CONSENT));
            } else {
                Set<IdentityField> fields = decision.rule().fields();
                answers.add(new Answer(people.get(0), fields));
                records.add(record(caller, request, subject, fields, ProvisionOutcome.PROVIDED, null));
            }
        }
        return new Answers(answers, recorder.submit(records));
    }

    /** For each rule of consent asked under, which of the single people found have consented to it. */
    private Map<String, Set<ResidentCode>> consenting(List<LookupRequest> requests, RefusalReason[] refusals,
                                                      Map<String, Decision> decisions, List<List<StoredPerson>> found) {
        Map<String, List<ResidentCode>> asked = new HashMap<>();
        int next = 0;
        for (int i = 0; i < requests.size(); i++) {
            if (refusals[i] != null) {
                continue;
            }
            List<StoredPerson> people = found.get(next++);
            Decision decision = decisions.get(requests.get(i).basis());
            if (decision.rule().use() == PrefectureUse.CONSENTED_TASK && people.size() == 1) {
                asked.computeIfAbsent(requests.get(i).basis(), basis -> new ArrayList<>())
                        .add(ResidentCode.of(people.get(0).residentCode()));
            }
        }
        Map<String, Set<ResidentCode>> consenting = new HashMap<>();
        if (consents != null) {
            asked.forEach((basis, people) -> consenting.put(basis, consents.consenting(basis, people)));
        }
        return consenting;
    }

    /**
     * Decides a use that reads no person (statistics, Art. 30-15(1) item 4) by the same checks as a
     * lookup, in the same order, the last being that the rule is a statistics rule
     * ({@link RefusalReason#NOT_STATISTICS}). A refusal is recorded before it is thrown.
     *
     * @return the rule, in force and naming the caller
     * @throws Refusal FORBIDDEN (recorded) when refused; UNAVAILABLE when it could not be recorded
     */
    public ProvisionRule authorizeAggregate(String caller, String basis) {
        requireCaller(caller);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Decision decision = decide(caller, basis, today);
        RefusalReason refusal = decision.refusal();
        if (refusal == null && decision.rule().use() != PrefectureUse.STATISTICS) {
            refusal = RefusalReason.NOT_STATISTICS;
        }
        if (refusal == null) {
            return decision.rule();
        }
        recorder.record(List.of(new ProvisionRecord(caller, basis, null, LookupKey.AGGREGATE, Set.of(),
                ProvisionOutcome.REFUSED, refusal)));
        LookupProblem problem = problem(refusal, basis, caller, decision.rule(), today);
        throw new Refusal(Refusal.Kind.FORBIDDEN, problem.field(), problem.detail());
    }

    /**
     * Records an aggregate use authorized by {@link #authorizeAggregate}: about no one, the rule's
     * fields as the ones counted. Returns once it is committed; answer only then.
     *
     * @throws Refusal UNAVAILABLE when it could not be recorded
     */
    public void recordAggregate(String caller, ProvisionRule rule) {
        recorder.record(List.of(new ProvisionRecord(caller, rule.id(), null, LookupKey.AGGREGATE, rule.fields(),
                ProvisionOutcome.PROVIDED, null)));
    }

    /**
     * Decides a subscription (F6) under {@code basis} by the checks of a lookup, in the same order,
     * then whether the rule allows subscriptions at all ({@link RefusalReason#SUBSCRIPTION_NOT_ALLOWED}),
     * in this mode and milestone age ({@link RefusalReason#MODE_NOT_ALLOWED}) and following this kind
     * of target ({@link RefusalReason#TARGET_NOT_ALLOWED}). A refusal is recorded, about no one with
     * the key SUBSCRIPTION, before it is thrown.
     *
     * @param mode         {@code null} to decide only that the caller may still read an existing
     *                     subscription's feed under the rule (it names them, is in force, allows subscriptions)
     * @param milestoneAge the age a MILESTONE_AGE subscription names, else {@code null}
     * @return the rule
     * @throws Refusal FORBIDDEN (recorded) when refused; UNAVAILABLE when it could not be recorded
     */
    public ProvisionRule authorizeSubscription(String caller, String basis, SubscriptionMode mode, Integer milestoneAge,
                                               TargetKind target) {
        requireCaller(caller);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Decision decision = decide(caller, basis, today);
        RefusalReason refusal = decision.refusal();
        ProvisionRule rule = decision.rule();
        if (refusal == null && !rule.allowsSubscriptions()) {
            refusal = RefusalReason.SUBSCRIPTION_NOT_ALLOWED;
        }
        if (refusal == null && mode != null && (!rule.subscriptions().allows(mode) || (milestoneAge != null
                && !rule.subscriptions().milestoneAges().contains(milestoneAge)))) {
            refusal = RefusalReason.MODE_NOT_ALLOWED;
        }
        if (refusal == null && target != null && !rule.subscriptions().allows(target)) {
            refusal = RefusalReason.TARGET_NOT_ALLOWED;
        }
        if (refusal == null) {
            return rule;
        }
        recorder.record(List.of(new ProvisionRecord(caller, basis, null, LookupKey.SUBSCRIPTION, Set.of(),
                ProvisionOutcome.REFUSED, refusal)));
        LookupProblem problem = problem(refusal, basis, caller, rule, today);
        throw new Refusal(Refusal.Kind.FORBIDDEN, problem.field(), problem.detail());
    }

    /**
     * The refusal of one target of a subscription (a My Number key the rule does not allow, a person
     * outside its scope), as a lookup's would read.
     */
    public LookupProblem subscriptionRefusal(RefusalReason reason, String caller, ProvisionRule rule) {
        return problem(reason, rule.id(), caller, rule, today());
    }

    /** Today in Japan, on this node's clock: the day rules are in force on. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /**
     * The answer to one lookup: a provision of a person (the rule's fields of them), or any other
     * outcome.
     */
    public static final class Answer {

        private final LookupResult result;
        private final StoredPerson person;
        private final Set<IdentityField> fields;

        private Answer(LookupResult result) {
            this.result = result;
            this.person = null;
            this.fields = null;
        }

        private Answer(StoredPerson person, Set<IdentityField> fields) {
            this.result = null;
            this.person = person;
            this.fields = fields;
        }

        /** The answer in the model: a provision is rebuilt from the register and validated. */
        public LookupResult result() {
            return person == null ? result : LookupResult.provided(person.identity(), fields);
        }

        /**
         * Writes the answer as line {@code line} of a batch answer: the same JSON as
         * {@code results} writes of {@code result().atLine(line)}, a provision without the model.
         */
        public void write(JsonGenerator out, ObjectWriter results, long line) {
            if (person == null) {
                results.writeValue(out, result.atLine(line));
            } else {
                person.writeProvided(out, line, fields);
            }
        }
    }

    /** Answers held back until their provision records are committed. */
    public final class Answers {

        private final List<Answer> answers;
        private final CompletableFuture<Void> recorded;

        private Answers(List<Answer> answers, CompletableFuture<Void> recorded) {
            this.answers = answers;
            this.recorded = recorded;
        }

        /**
         * The answers, in request order, once recorded.
         *
         * @throws Refusal UNAVAILABLE when the records could not be committed
         */
        public List<Answer> await() {
            recorder.await(recorded);
            return answers;
        }

        /**
         * The answers in the model, in request order, once recorded.
         *
         * @throws Refusal UNAVAILABLE when the records could not be committed
         */
        public List<LookupResult> awaitResults() {
            return await().stream().map(Answer::result).toList();
        }
    }

    private record Decision(ProvisionRule rule, RefusalReason refusal) {
    }

    private Decision decide(String caller, String basis, LocalDate today) {
        Optional<ProvisionRule> found = rules.byId(basis);
        if (found.isEmpty()) {
            return new Decision(null, RefusalReason.UNKNOWN_BASIS);
        }
        ProvisionRule rule = found.get();
        if (rule.provider() != tier) {
            return new Decision(rule, RefusalReason.OTHER_PROVIDER);
        }
        if (!rule.recipient().equals(caller)) {
            return new Decision(rule, RefusalReason.NOT_RECIPIENT);
        }
        if (!rule.inForceOn(today)) {
            return new Decision(rule, RefusalReason.NOT_IN_FORCE);
        }
        return new Decision(rule, null);
    }

    private static LookupProblem problem(RefusalReason reason, String basis, String caller, ProvisionRule rule,
                                         LocalDate today) {
        return switch (reason) {
            case UNKNOWN_BASIS -> LookupProblem.forbidden("basis", "there is no provision rule '" + basis + "' here");
            case OTHER_PROVIDER -> LookupProblem.forbidden("basis", "rule '" + basis + "' is served by the "
                    + rule.provider() + " provider, not here");
            case NOT_RECIPIENT -> LookupProblem.forbidden("basis", "rule '" + basis + "' does not name " + caller
                    + " as its recipient");
            case NOT_IN_FORCE -> LookupProblem.forbidden("basis", "rule '" + basis + "' is not in force on " + today
                    + " (in force from " + rule.validFrom() + (rule.validTo() == null ? "" : " to " + rule.validTo())
                    + ")");
            case MY_NUMBER_KEY_NOT_ALLOWED -> LookupProblem.forbidden(MyNumber.FIELD, "the task of rule '" + basis
                    + "' may not use the My Number, so it cannot look a person up by one");
            case OUT_OF_SCOPE -> LookupProblem.forbidden("basis", "rule '" + basis + "' (Art. " + rule.article()
                    + ") reaches only persons notified by " + (rule.scope().notifiedBy()
                    == ProvisionScope.NotifiedBy.RECIPIENT_PREFECTURE ? "prefecture " : "prefectures other than ")
                    + rule.scope().recipientPrefecture().value() + " (通知都道府県); this person is not one of them");
            case STATISTICS_ONLY -> LookupProblem.forbidden("basis", "rule '" + basis + "' is for statistics"
                    + " (第30条の15第1項第4号): it yields counts, never a person; ask for its statistics instead");
            case NOT_STATISTICS -> LookupProblem.forbidden("basis", "rule '" + basis + "' is not a statistics rule"
                    + " (第30条の15第1項第4号)");
            case NO_CONSENT -> LookupProblem.forbidden("basis", "rule '" + basis + "' is a use the person must"
                    + " consent to (第30条の15第1項第3号), and no consent of theirs to it is recorded");
            case SUBSCRIPTION_NOT_ALLOWED -> LookupProblem.forbidden("basis", "rule '" + basis
                    + "' allows lookups only, no subscription (プッシュ型通知)");
            case MODE_NOT_ALLOWED -> LookupProblem.forbidden("mode", "rule '" + basis + "' allows subscriptions in "
                    + "the modes " + rule.subscriptions().modes() + (rule.subscriptions().milestoneAges().isEmpty() ? ""
                    : " (milestone ages " + rule.subscriptions().milestoneAges() + ")") + " only");
            case TARGET_NOT_ALLOWED -> LookupProblem.forbidden("target", "rule '" + basis + "' allows subscriptions "
                    + "following " + rule.subscriptions().targets() + " only");
        };
    }

    /**
     * Whether {@code person} is inside {@code scope}, from this node's own record of them: the
     * prefecture that notified their current record is that of its municipality, because J-LIS
     * accepts a record only from the prefecture of the municipality it names (NoticeOwnership).
     */
    private static boolean inScope(ProvisionScope scope, StoredPerson person) {
        return scope.covers(LocalGovernmentCode.of(person.municipality()).prefecture());
    }

    private static ProvisionRecord record(String caller, LookupRequest request, ResidentCode subject,
                                          Set<IdentityField> fields, ProvisionOutcome outcome, RefusalReason refusal) {
        return new ProvisionRecord(caller, request.basis(), subject, request.key(), fields, outcome, refusal);
    }

    private static String field(LookupKey key) {
        return switch (key) {
            case RESIDENT_CODE -> ResidentCode.FIELD;
            case MY_NUMBER -> MyNumber.FIELD;
            case FOUR_INFO -> "fourInfo";
            case AGGREGATE, SUBSCRIPTION -> "basis";
        };
    }

    /**
     * Refuses (FORBIDDEN) a request without a verified caller: without mutual TLS there is none,
     * and provision is denied by default.
     */
    public static void requireCaller(String caller) {
        if (caller == null) {
            // without mutual TLS there is no verified caller: deny by default
            throw Refusal.forbidden("provision needs the caller's verified identity (mutual TLS, through the gateway)");
        }
    }
}
