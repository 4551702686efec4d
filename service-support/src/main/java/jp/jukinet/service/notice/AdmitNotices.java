package jp.jukinet.service.notice;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.service.register.ResidentRegister;

/**
 * Decides, inside the inbox's transaction, which notices of a batch a receiving tier applies: those
 * whose sender owns the person as far as this tier knows ({@link NoticeOwnership}), in order, and
 * parked notices about the same people that the batch's notices release. The others are parked
 * ({@link ParkedNotices}), counted in {@code jukinet.notices.parked} by reason, and logged without
 * the resident's code.
 *
 * <p>The residents of a batch are locked (transaction-level advisory locks, in one order) before
 * anything is read, so a notice parked by one source's batch is seen by a concurrent batch of
 * another source that releases it.
 */
public class AdmitNotices {

    /** Which resident codes were allocated to which municipality, where this tier knows it (J-LIS). */
    public interface CodeAllocations {

        /** The codes among {@code claims} (code → municipality claiming it) that were allocated to that municipality. */
        Set<ResidentCode> allocated(Map<ResidentCode, LocalGovernmentCode> claims);
    }

    private static final Logger log = LoggerFactory.getLogger(AdmitNotices.class);

    /** The first key of the advisory locks on residents ("JK"). */
    private static final int RESIDENT_LOCKS = 0x4A4B;

    private final JdbcClient jdbc;
    private final ResidentRegister register;
    private final ParkedNotices parked;
    private final NoticeOwnership rules;
    private final CodeAllocations allocations;
    private final MeterRegistry meters;
    private final Clock clock;

    /** @param allocations {@code null} where this tier does not know allocations (a prefecture) */
    public AdmitNotices(JdbcClient jdbc, ResidentRegister register, ParkedNotices parked, NoticeOwnership rules,
                        CodeAllocations allocations, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.register = register;
        this.parked = parked;
        this.rules = rules;
        this.allocations = allocations;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * @param inOrder one source's notices in sequence order, each seen here for the first time
     * @return the notices to record now, in the order to record them
     */
    public List<ChangeNotice> admit(List<ChangeNotice> inOrder) {
        if (inOrder.isEmpty()) {
            return List.of();
        }
        Set<ResidentCode> codes = codes(inOrder);
        lock(codes);
        Batch batch = new Batch(codes, inOrder);
        for (ChangeNotice notice : inOrder) {
            batch.offer(notice);
        }
        parked.park(batch.parkedNow);
        parked.release(batch.released);
        batch.parkedNow.forEach(entry -> {
            meters.counter("jukinet.notices.parked", "reason", entry.reason().name()).increment();
            log.warn("Parked notice {}#{}: {}", entry.notice().source().value(), entry.notice().sequence(),
                    entry.reason());
        });
        if (!batch.released.isEmpty()) {
            meters.counter("jukinet.notices.released").increment(batch.released.size());
            log.info("Released {} parked notices", batch.released.size());
        }
        return batch.admitted;
    }

    /**
     * An operator's release of a notice parked as {@link NoticeOwnership.Reason#REFUSED}: it is
     * decided again like any notice (it may now wait for its owner, with that reason) and, when
     * admitted, the notices of its sender about the same resident that waited behind it follow.
     * Runs in the caller's transaction; a REFUSED notice is never retried but by this.
     *
     * @return the notices to record now, in order: empty when the notice still waits
     */
    public List<ChangeNotice> retry(ChangeNotice refused) {
        Set<ResidentCode> codes = codes(List.of(refused));
        lock(codes);
        Batch batch = new Batch(codes, List.of());
        batch.refused.remove(Batch.key(refused));
        batch.releaseWaiting();
        parked.release(batch.released);
        if (!batch.released.isEmpty()) {
            meters.counter("jukinet.notices.released").increment(batch.released.size());
        }
        if (!batch.admitted.contains(refused)) {
            Deque<ChangeNotice> queue = batch.queue(refused);
            NoticeOwnership.Reason reason = refused.equals(queue.peekFirst())
                    ? rules.decide(refused, batch).parkedFor() : NoticeOwnership.Reason.BEHIND_PARKED;
            parked.reason(refused, reason == null ? NoticeOwnership.Reason.BEHIND_PARKED : reason);
        }
        return batch.admitted;
    }

    private static Set<ResidentCode> codes(List<ChangeNotice> notices) {
        Set<ResidentCode> codes = new LinkedHashSet<>();
        for (ChangeNotice notice : notices) {
            codes.add(notice.residentCode());
            if (notice.previousResidentCode() != null) {
                codes.add(notice.previousResidentCode());
            }
        }
        return codes;
    }

    private void lock(Set<ResidentCode> codes) {
        jdbc.sql("""
                        SELECT count(pg_advisory_xact_lock(:space, h)) FROM (
                            SELECT DISTINCT hashtext(c) AS h FROM unnest(CAST(:codes AS text[])) AS c ORDER BY h) AS locks""")
                .param("space", RESIDENT_LOCKS)
                .param("codes", codes.stream().map(ResidentCode::value).toArray(String[]::new))
                .query(Long.class).single();
    }

    /** One batch's view of the register, kept up to date with what the batch applies. */
    private final class Batch implements NoticeOwnership.Knowledge {

        /** The person's current record; shared by every code the person is known by. */
        private final class Person {
            IdentityInformation current;

            Person(IdentityInformation current) {
                this.current = current;
            }
        }

        private record Queue(String source, ResidentCode code) {
        }

        private record Held(Person person, LocalGovernmentCode municipality, int residence) {
        }

        private final Map<ResidentCode, Person> byCode = new HashMap<>();
        private final Map<MyNumber, Person> byNumber = new HashMap<>();
        private final Set<Held> heldInBatch = new HashSet<>();
        private final Map<ResidentCode, LocalGovernmentCode> claims = new HashMap<>();
        private final Set<ResidentCode> allocated;
        private final Map<Queue, Deque<ChangeNotice>> queues = new LinkedHashMap<>();
        private final Instant now = clock.instant();
        final List<ChangeNotice> admitted = new ArrayList<>();
        final List<ParkedNotices.Parked> parkedNow = new ArrayList<>();
        final List<ChangeNotice> released = new ArrayList<>();
        /** The parked notices refused for good ("source#sequence"): they hold their queue until an operator acts. */
        final Set<String> refused = new HashSet<>();

        static String key(ChangeNotice notice) {
            return notice.source().value() + "#" + notice.sequence();
        }

        Batch(Set<ResidentCode> codes, List<ChangeNotice> notices) {
            Map<ResidentCode, IdentityInformation> found = register.findAll(codes);
            Map<ResidentCode, Person> byCurrentCode = new HashMap<>();
            found.forEach((code, identity) -> byCode.put(code,
                    byCurrentCode.computeIfAbsent(identity.residentCode(), c -> new Person(identity))));
            byCurrentCode.forEach(byCode::putIfAbsent);
            Set<MyNumber> numbers = new HashSet<>();
            notices.forEach(notice -> numbers.add(notice.identity().myNumber()));
            register.holdersOf(numbers).forEach((number, identity) -> {
                Person person = byCode.computeIfAbsent(identity.residentCode(), c -> new Person(identity));
                byNumber.put(number, person);
            });
            byCode.values().forEach(person -> byNumber.putIfAbsent(person.current.myNumber(), person));
            Set<ResidentCode> related = new HashSet<>(codes);
            byCode.values().forEach(person -> related.add(person.current.residentCode()));
            List<ParkedNotices.Parked> waiting = parked.about(related);
            for (ParkedNotices.Parked entry : waiting) {
                queue(entry.notice()).addLast(entry.notice());
                if (entry.reason() == NoticeOwnership.Reason.REFUSED) {
                    refused.add(key(entry.notice()));
                }
            }
            notices.forEach(this::claim);
            waiting.forEach(entry -> claim(entry.notice()));
            allocated = allocations == null ? Set.of() : allocations.allocated(claims);
        }

        private void claim(ChangeNotice notice) {
            if (notice.identity().residence() == 0 || notice.previousResidentCode() != null) {
                claims.put(notice.residentCode(), notice.identity().municipality());
            }
        }

        private Deque<ChangeNotice> queue(ChangeNotice notice) {
            return queues.computeIfAbsent(new Queue(notice.source().value(), notice.residentCode()),
                    key -> new ArrayDeque<>());
        }

        private boolean behindParked(ChangeNotice notice) {
            Deque<ChangeNotice> own = queues.get(new Queue(notice.source().value(), notice.residentCode()));
            if (own != null && !own.isEmpty()) {
                return true;
            }
            if (notice.previousResidentCode() == null) {
                return false;
            }
            Deque<ChangeNotice> previous = queues.get(new Queue(notice.source().value(), notice.previousResidentCode()));
            return previous != null && !previous.isEmpty();
        }

        void offer(ChangeNotice notice) {
            NoticeOwnership.Decision decision = behindParked(notice)
                    ? NoticeOwnership.Decision.park(NoticeOwnership.Reason.BEHIND_PARKED)
                    : rules.decide(notice, this);
            if (!decision.apply()) {
                queue(notice).addLast(notice);
                parkedNow.add(new ParkedNotices.Parked(notice, decision.parkedFor(), now));
                return;
            }
            apply(notice);
            releaseWaiting();
        }

        /** Applies every parked notice at the front of its queue that its owner now owns, until none moves. */
        private void releaseWaiting() {
            boolean moved = true;
            while (moved) {
                moved = false;
                for (Deque<ChangeNotice> queue : queues.values()) {
                    while (!queue.isEmpty() && !refused.contains(key(queue.peekFirst()))
                            && rules.decide(queue.peekFirst(), this).apply()) {
                        ChangeNotice notice = queue.pollFirst();
                        if (!parkedNow.removeIf(entry -> entry.notice() == notice)) {
                            released.add(notice);
                        }
                        apply(notice);
                        moved = true;
                    }
                }
            }
        }

        private void apply(ChangeNotice notice) {
            admitted.add(notice);
            IdentityInformation identity = notice.identity();
            ResidentCode known = notice.previousResidentCode() != null ? notice.previousResidentCode()
                    : notice.residentCode();
            Person person = byCode.get(known);
            if (person == null) {
                person = new Person(identity);
            } else if (identity.residence() >= person.current.residence()) {
                person.current = identity;
            }
            byCode.put(notice.residentCode(), person);
            if (notice.previousResidentCode() != null) {
                byCode.put(notice.previousResidentCode(), person);
            }
            if (notice.previousMyNumber() != null) {
                byNumber.remove(notice.previousMyNumber());
            }
            byNumber.put(person.current.myNumber(), person);
            heldInBatch.add(new Held(person, identity.municipality(), identity.residence()));
        }

        @Override
        public Optional<IdentityInformation> current(ResidentCode code) {
            return Optional.ofNullable(byCode.get(code)).map(person -> person.current);
        }

        @Override
        public Optional<IdentityInformation> holderOf(MyNumber number) {
            return Optional.ofNullable(byNumber.get(number)).map(person -> person.current);
        }

        @Override
        public boolean held(ResidentCode code, LocalGovernmentCode municipality, int residence) {
            Person person = byCode.get(code);
            if (person != null && heldInBatch.contains(new Held(person, municipality, residence))) {
                return true;
            }
            return register.history(code).stream().anyMatch(entry -> entry.identity().residence() == residence
                    && entry.identity().municipality().equals(municipality));
        }

        @Override
        public Optional<Boolean> allocatedTo(ResidentCode code, LocalGovernmentCode municipality) {
            if (allocations == null) {
                return Optional.empty();
            }
            if (municipality.equals(claims.get(code))) {
                return Optional.of(allocated.contains(code));
            }
            return Optional.of(allocations.allocated(Map.of(code, municipality)).contains(code));
        }
    }
}
