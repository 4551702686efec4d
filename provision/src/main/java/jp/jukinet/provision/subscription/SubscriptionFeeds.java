package jp.jukinet.provision.subscription;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.provision.LookupKey;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.model.subscription.EventKind;
import jp.jukinet.model.subscription.Frequency;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.provision.ProvisionRecord;
import jp.jukinet.provision.ProvisionRecorder;
import jp.jukinet.service.register.RecordedChange;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The subscriptions' event feeds, on JDBC: the fan-out of national changes into them and what
 * delivery reads of them ({@link EventFeed}).
 *
 * <p>Fan-out contract ({@link #fanOut}): it runs inside the transaction that records the changes in
 * the national register, so an event exists exactly when its change does (a crash loses or invents
 * none). For each change it finds
 * <ul>
 *   <li>the subscriptions listing the person, by the index of {@code subscription_targets} on the
 *       resident code (and, for a 住民票コードの変更, on the previous code, whose rows it moves to the
 *       new one), never by scanning a target list;</li>
 *   <li>the active criterion subscriptions (few), whose rule's scope (通知都道府県, by the prefecture
 *       of the person's municipality) is decided per change.</li>
 * </ul>
 * Only ACTIVE subscriptions get events; a paused or cancelled one gets none, and a resumed one is not
 * caught up. A listed target the rule's scope no longer reaches (moved to another prefecture) gets
 * no event either, nor does a subscription whose rule is not in force that day (in Japan) or no
 * longer names its agency. SURVIVAL subscriptions get deaths only ({@link EventKind#SURVIVAL}); EVERY_CHANGE
 * and BATCHED every change ({@link EventKind#CHANGE}). Each event carries only the rule's fields
 * ({@link LookupResult#provided}). Sequence numbers come from the subscription row's {@code head},
 * updated in the same transaction (the row lock orders concurrent fan-outs, in subscription id order
 * so that they never deadlock), so every feed is gap-free from 1. The extract modes (MILESTONE_AGE,
 * AS_OF) get no events from changes: {@link SubscriptionExtracts} appends theirs ({@link #append}).
 */
public class SubscriptionFeeds implements EventFeed {

    /** The channel of a pull, as {@link #recordDelivered} is told it. */
    public static final String PULL = "PULL";

    /** The listed subscriptions of a batch's persons: a join on the primary key of {@code subscription_targets}. */
    static final String LISTED = """
            SELECT t.resident_code, s.id, s.basis, s.mode, s.recipient FROM unnest(?::char(11)[]) AS q(code)
                JOIN subscription_targets t ON t.resident_code = q.code
                JOIN subscriptions s ON s.id = t.subscription_id
            WHERE s.status = 'ACTIVE' AND s.mode IN ('EVERY_CHANGE', 'BATCHED', 'SURVIVAL')
            """;
    private static final String CRITERIA = """
            SELECT id, basis, mode, recipient FROM subscriptions WHERE target = 'CRITERION' AND status = 'ACTIVE'
                AND mode IN ('EVERY_CHANGE', 'BATCHED', 'SURVIVAL')
            """;
    private static final String SUBSCRIBER = """
            SELECT id, recipient, basis, endpoint, frequency, status FROM subscriptions
            """;

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final ProvisionRules rules;
    private final JsonMapper json;
    private final ProvisionRecorder recorder;
    private final Clock clock;
    private final ZoneId zone;

    /** @param zone the zone of the day rules are in force on (Japan) */
    public SubscriptionFeeds(JdbcTemplate template, ProvisionRules rules, JsonMapper json, ProvisionRecorder recorder,
                             Clock clock, ZoneId zone) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        this.rules = rules;
        this.json = json;
        this.recorder = recorder;
        this.clock = clock;
        this.zone = zone;
    }

    /** The residence of each current record among {@code codes} (the register's rule: the newest residence is current). */
    private Map<String, Integer> currentResidences(Set<String> codes) {
        Map<String, Integer> residences = new HashMap<>();
        jdbc.sql("SELECT resident_code, coalesce((identity->>'residence')::int, 0) FROM residents WHERE resident_code = ANY(:codes)")
                .param("codes", codes.toArray(String[]::new))
                .query((row, n) -> residences.put(row.getString(1), row.getInt(2))).list();
        return residences;
    }

    private record Follower(UUID id, String basis, SubscriptionMode mode, String recipient) {
    }

    private record Pending(UUID changeId, ChangeReason reason, LocalDate changeDate, EventKind kind,
                           String residentCode, String information) {
    }

    /**
     * Writes the events of {@code changes} (as the register recorded them, in order) to the feeds
     * of the subscriptions that follow their persons. Call it inside the register's transaction.
     * A change of an older residence than the current record's (a 除票 completed at the municipality
     * a person left, arriving after their 転入 elsewhere) went to the history only: it writes no
     * event, so an agency applying every event in order ends with J-LIS's current record. A change
     * followed in the same batch by a change of a newer residence (a 転出 and the 転入 it led to,
     * both within one prefecture) was current when it happened, and writes its event.
     *
     * @return the number of events written
     */
    public int fanOut(List<RecordedChange> changes) {
        if (changes.isEmpty()) {
            return 0;
        }
        // a 住民票コードの変更: the listed targets follow the person to the new code first
        for (RecordedChange change : changes) {
            if (change.previousResidentCode() != null) {
                moveTargets(change.previousResidentCode().value(), change.identity().residentCode().value());
            }
        }
        Set<String> codes = new LinkedHashSet<>();
        for (RecordedChange change : changes) {
            codes.add(change.identity().residentCode().value());
        }
        Map<String, Integer> residences = currentResidences(codes);
        Map<String, List<Follower>> listed = listed(codes);
        List<Follower> criteria = jdbc.sql(CRITERIA)
                .query((row, n) -> new Follower(row.getObject(1, UUID.class), row.getString(2),
                        SubscriptionMode.valueOf(row.getString(3)), row.getString(4))).list();
        // per subscription, its events in change order; subscriptions in id order (lock order)
        TreeMap<UUID, List<Pending>> events = new TreeMap<>();
        Map<String, Optional<ProvisionRule>> ruleCache = new HashMap<>();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        // the newest residence among each change's successors in the batch, for the superseded check
        int[] newerLater = new int[changes.size()];
        Map<String, Integer> newestSoFar = new HashMap<>();
        for (int i = changes.size() - 1; i >= 0; i--) {
            String code = changes.get(i).identity().residentCode().value();
            newerLater[i] = newestSoFar.getOrDefault(code, -1);
            newestSoFar.merge(code, changes.get(i).identity().residence(), Math::max);
        }
        for (int i = 0; i < changes.size(); i++) {
            RecordedChange change = changes.get(i);
            IdentityInformation identity = change.identity();
            if (superseded(identity, residences, newerLater[i])) {
                continue;
            }
            List<Follower> followers = new ArrayList<>(listed.getOrDefault(identity.residentCode().value(), List.of()));
            followers.addAll(criteria);
            Set<UUID> done = new java.util.HashSet<>();
            for (Follower follower : followers) {
                if (!done.add(follower.id())) {
                    continue;
                }
                EventKind kind = kind(follower.mode(), identity);
                ProvisionRule rule = ruleCache.computeIfAbsent(follower.basis(), rules::byId).orElse(null);
                // a rule no longer in force, or no longer naming the agency, feeds nothing (as it would answer no lookup)
                if (kind == null || rule == null || !rule.recipient().equals(follower.recipient())
                        || !rule.inForceOn(today) || !inScope(rule, identity)) {
                    continue;
                }
                String information = json.writeValueAsString(LookupResult.provided(identity, rule.fields()));
                events.computeIfAbsent(follower.id(), id -> new ArrayList<>()).add(new Pending(change.changeId(),
                        identity.change().reason(), identity.change().effectiveDate(), kind,
                        identity.residentCode().value(), information));
            }
        }
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<UUID, List<Pending>> entry : events.entrySet()) {
            int n = entry.getValue().size();
            long head = jdbc.sql("UPDATE subscriptions SET head = head + :n WHERE id = :id RETURNING head")
                    .param("n", n).param("id", entry.getKey()).query(Long.class).single();
            long sequence = head - n;
            for (Pending pending : entry.getValue()) {
                rows.add(new Object[] {entry.getKey(), ++sequence, pending.kind().name(), pending.changeId(),
                        pending.reason().name(), pending.changeDate(), now, pending.residentCode(), pending.information()});
            }
        }
        if (!rows.isEmpty()) {
            template.batchUpdate("""
                    INSERT INTO subscription_events (subscription_id, sequence, kind, change_id, reason, change_date,
                        recorded_at, resident_code, information) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        }
        return rows.size();
    }

    /**
     * Whether the change went to the history only: the current record is of a newer residence, and
     * no later change of the batch made it so (then the newer residence was there before the batch).
     */
    private static boolean superseded(IdentityInformation identity, Map<String, Integer> currentResidences,
                                      int newestLaterInBatch) {
        int current = currentResidences.getOrDefault(identity.residentCode().value(), 0);
        return identity.residence() < current && newestLaterInBatch <= identity.residence();
    }

    private static EventKind kind(SubscriptionMode mode, IdentityInformation identity) {
        return switch (mode) {
            case EVERY_CHANGE, BATCHED -> EventKind.CHANGE;
            case SURVIVAL -> identity.change().reason() == ChangeReason.DEATH ? EventKind.SURVIVAL : null;
            // extracts, written by SubscriptionExtracts, not by changes (and not selected above)
            case MILESTONE_AGE, AS_OF -> null;
        };
    }

    /** Whether the rule's scope (if any) reaches the person, by the prefecture that notified their record. */
    static boolean inScope(ProvisionRule rule, IdentityInformation identity) {
        return rule.scope() == null || rule.scope().covers(identity.municipality().prefecture());
    }

    private Map<String, List<Follower>> listed(Set<String> codes) {
        String[] values = codes.toArray(String[]::new);
        return template.execute((ConnectionCallback<Map<String, List<Follower>>>) connection -> {
            Map<String, List<Follower>> found = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(LISTED)) {
                Array array = connection.createArrayOf("text", values);
                select.setArray(1, array);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.computeIfAbsent(row.getString(1), code -> new ArrayList<>()).add(new Follower(
                                row.getObject(2, UUID.class), row.getString(3), SubscriptionMode.valueOf(row.getString(4)),
                                row.getString(5)));
                    }
                } finally {
                    array.free();
                }
            }
            return found;
        });
    }

    private void moveTargets(String previous, String current) {
        jdbc.sql("""
                INSERT INTO subscription_targets (resident_code, subscription_id)
                SELECT CAST(:current AS char(11)), subscription_id FROM subscription_targets
                WHERE resident_code = CAST(:previous AS char(11))
                ON CONFLICT DO NOTHING""").param("current", current).param("previous", previous).update();
        jdbc.sql("DELETE FROM subscription_targets WHERE resident_code = CAST(:previous AS char(11))")
                .param("previous", previous).update();
    }

    // --- targets (the listed persons), written in JDBC batches by the upload

    /** Makes the persons targets of the subscription (already targets: unchanged). One statement. */
    public void addTargets(UUID subscription, List<String> residentCodes) {
        if (!residentCodes.isEmpty()) {
            withCodes("""
                    INSERT INTO subscription_targets (resident_code, subscription_id)
                    SELECT code, ? FROM unnest(?::char(11)[]) AS q(code)
                    ON CONFLICT DO NOTHING""", subscription, residentCodes);
        }
    }

    /** Makes the persons no targets of the subscription. One statement. */
    public void removeTargets(UUID subscription, List<String> residentCodes) {
        if (!residentCodes.isEmpty()) {
            withCodes("""
                    DELETE FROM subscription_targets
                    WHERE subscription_id = ? AND resident_code = ANY (?::char(11)[])""", subscription, residentCodes);
        }
    }

    /** Runs {@code sql} with the subscription id and the codes as an array (the 1st and 2nd parameter). */
    private void withCodes(String sql, UUID subscription, List<String> codes) {
        template.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                Array array = connection.createArrayOf("text", codes.toArray());
                statement.setObject(1, subscription);
                statement.setArray(2, array);
                try {
                    return statement.executeUpdate();
                } finally {
                    array.free();
                }
            }
        });
    }

    /** How many persons the subscription lists. */
    public long targetCount(UUID subscription) {
        return jdbc.sql("SELECT count(*) FROM subscription_targets WHERE subscription_id = :id")
                .param("id", subscription).query(Long.class).single();
    }

    // --- EventFeed

    /**
     * {@inheritDoc} A COMPLETED subscription (an as-of batch, written with its completion) stays
     * among them until its webhook has delivered through its head, so its batch is carried too.
     */
    @Override
    public List<Subscriber> webhookSubscribers() {
        return jdbc.sql(SUBSCRIBER + """
                         s WHERE endpoint IS NOT NULL AND (status = 'ACTIVE' OR (status = 'COMPLETED'
                            AND head > coalesce((SELECT d.delivered_through FROM webhook_delivery_state d
                                                 WHERE d.subscription_id = s.id), 0)))
                        ORDER BY id""")
                .query((row, n) -> subscriber(row)).list();
    }

    @Override
    public Optional<Subscriber> subscriber(UUID subscriptionId) {
        return jdbc.sql(SUBSCRIBER + " WHERE id = :id").param("id", subscriptionId)
                .query((row, n) -> subscriber(row)).optional();
    }

    private static Subscriber subscriber(ResultSet row) throws SQLException {
        String endpoint = row.getString(4);
        String frequency = row.getString(5);
        return new Subscriber(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
                endpoint == null ? null : URI.create(endpoint), frequency == null ? null : Frequency.valueOf(frequency),
                "ACTIVE".equals(row.getString(6)) || "COMPLETED".equals(row.getString(6)));
    }

    @Override
    public long head(UUID subscriptionId) {
        return jdbc.sql("SELECT head FROM subscriptions WHERE id = :id").param("id", subscriptionId)
                .query(Long.class).optional().orElse(0L);
    }

    @Override
    public List<SubscriptionEvent> after(UUID subscriptionId, long after, int limit) {
        return jdbc.sql("""
                        SELECT sequence, kind, change_id, reason, change_date, recorded_at, information
                        FROM subscription_events WHERE subscription_id = :id AND sequence > :after
                        ORDER BY sequence LIMIT :limit""")
                .param("id", subscriptionId).param("after", after).param("limit", Math.max(limit, 0))
                .query((row, n) -> new SubscriptionEvent(row.getLong(1), EventKind.valueOf(row.getString(2)),
                        row.getObject(3, UUID.class), row.getString(4) == null ? null : ChangeReason.valueOf(row.getString(4)),
                        row.getObject(5, LocalDate.class), row.getTimestamp(6).toInstant(),
                        json.readValue(row.getString(7), LookupResult.class)))
                .list();
    }

    /**
     * One stored event as its NDJSON line (a {@link SubscriptionEvent}, newline included), and the
     * person it is about, for the provision record of its handing over.
     */
    public record EncodedEvent(long sequence, String residentCode, byte[] line) {
    }

    /**
     * The events after {@code after}, at most {@code limit}, in sequence order, each already written as
     * the JSON line {@link #after} and a {@link SubscriptionEvent} writer would give: the stored
     * {@code information} goes out as it was written when the event was, without being read into
     * objects and written again (what a pull of a million events spends its time on otherwise).
     */
    public List<EncodedEvent> encodedAfter(UUID subscriptionId, long after, int limit) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        return jdbc.sql("""
                        SELECT sequence, kind, change_id, reason, change_date, recorded_at, information, resident_code
                        FROM subscription_events WHERE subscription_id = :id AND sequence > :after
                        ORDER BY sequence LIMIT :limit""")
                .param("id", subscriptionId).param("after", after).param("limit", Math.max(limit, 0))
                .query((row, n) -> {
                    buffer.reset();
                    long sequence = row.getLong(1);
                    try (JsonGenerator out = json.createGenerator(buffer)) {
                        out.writeStartObject();
                        out.writeNumberProperty("sequence", sequence);
                        out.writeStringProperty("kind", row.getString(2));
                        writeIfPresent(out, "changeId", row.getString(3));
                        writeIfPresent(out, "reason", row.getString(4));
                        LocalDate changeDate = row.getObject(5, LocalDate.class);
                        writeIfPresent(out, "changeDate", changeDate == null ? null : changeDate.toString());
                        out.writeStringProperty("recordedAt", row.getTimestamp(6).toInstant().toString());
                        out.writeName("information");
                        out.writeRawValue(row.getString(7));
                        out.writeEndObject();
                    }
                    buffer.write('\n');
                    return new EncodedEvent(sequence, row.getString(8), buffer.toByteArray());
                })
                .list();
    }

    private static void writeIfPresent(JsonGenerator out, String name, String value) {
        if (value != null) {
            out.writeStringProperty(name, value);
        }
    }

    /**
     * What records the events of one subscription handed over as provisions (pulled pages, and the
     * webhook's batches through {@link #recordDelivered}): its recipient and rule are read once per
     * pull, not once per page.
     */
    public PulledPages pulledPages(UUID subscriptionId) {
        Subscriber subscriber = subscriber(subscriptionId).orElseThrow(() -> new IllegalArgumentException(
                "no subscription " + subscriptionId));
        ProvisionRule rule = rules.byId(subscriber.rule()).orElseThrow(() -> new IllegalStateException(
                "subscription " + subscriptionId + " names rule " + subscriber.rule() + ", which is gone"));
        return new PulledPages(subscriber.recipient(), rule);
    }

    /** Records pulled pages of one subscription; see {@link #pulledPages}. */
    public final class PulledPages {

        private final String recipient;
        private final ProvisionRule rule;

        private PulledPages(String recipient, ProvisionRule rule) {
            this.recipient = recipient;
            this.rule = rule;
        }

        /**
         * Hands the page's provision records to the recorder and returns at once; the caller awaits
         * the result ({@link ProvisionRecorder#await}) before it writes the page.
         */
        public CompletableFuture<Void> submit(List<EncodedEvent> page) {
            return submitAbout(page.stream().map(EncodedEvent::residentCode).toList());
        }

        /** As {@link #submit}, for events about these persons (their resident codes, in the events' order). */
        CompletableFuture<Void> submitAbout(List<String> residentCodes) {
            if (residentCodes.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            List<ProvisionRecord> records = new ArrayList<>(residentCodes.size());
            for (String code : residentCodes) {
                records.add(new ProvisionRecord(recipient, rule.id(), ResidentCode.of(code), LookupKey.RESIDENT_CODE,
                        rule.fields(), ProvisionOutcome.PROVIDED, null));
            }
            return recorder.submit(records);
        }
    }

    /**
     * Records each event as a provision of the rule's fields about its person to the subscription's
     * recipient, in one append, and returns once committed. The channel is not part of a provision
     * record (the records say who received what under which rule, not how).
     *
     * @throws jp.jukinet.service.web.Refusal UNAVAILABLE when they could not be recorded: hand nothing over
     */
    @Override
    public void recordDelivered(UUID subscriptionId, List<SubscriptionEvent> events, String channel) {
        if (events.isEmpty()) {
            return;
        }
        PulledPages handedOver = pulledPages(subscriptionId);
        long first = events.get(0).sequence();
        long last = events.get(events.size() - 1).sequence();
        Map<Long, String> residents = new HashMap<>();
        jdbc.sql("""
                        SELECT sequence, resident_code FROM subscription_events
                        WHERE subscription_id = :id AND sequence BETWEEN :first AND :last""")
                .param("id", subscriptionId).param("first", Math.min(first, last)).param("last", Math.max(first, last))
                .query((row, n) -> residents.put(row.getLong(1), row.getString(2))).list();
        List<String> codes = new ArrayList<>(events.size());
        for (SubscriptionEvent event : events) {
            String code = residents.get(event.sequence());
            if (code == null) {
                throw new IllegalArgumentException("event " + event.sequence() + " is not in the feed of " + subscriptionId);
            }
            codes.add(code);
        }
        recorder.await(handedOver.submitAbout(codes));
    }

    // --- the extracts' events (SubscriptionExtracts), appended in the extract's transaction

    /**
     * An event an extract appends: no change caused it ({@code changeId} and {@code reason} are
     * {@code null}).
     *
     * @param changeDate   the day the milestone age is attained, or the as-of date
     * @param residentCode the person's code held now: the provision is recorded about it on delivery
     * @param information  the rule's fields of the person, as {@link LookupResult} JSON
     */
    record Appended(EventKind kind, LocalDate changeDate, String residentCode, String information) {
    }

    /**
     * Appends {@code events} in order to the subscription's feed after its head, in the caller's
     * transaction: one update of the head and one batch insert. The caller holds the subscription's
     * row lock ({@link #lockForExtract}) for the whole transaction, so the sequence stays gap-free.
     *
     * @return the new head
     */
    long append(UUID subscription, List<Appended> events) {
        if (events.isEmpty()) {
            return head(subscription);
        }
        int n = events.size();
        long head = jdbc.sql("UPDATE subscriptions SET head = head + :n WHERE id = :id RETURNING head")
                .param("n", n).param("id", subscription).query(Long.class).single();
        long sequence = head - n;
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> rows = new ArrayList<>(n);
        for (Appended event : events) {
            rows.add(new Object[] {subscription, ++sequence, event.kind().name(), null, null, event.changeDate(), now,
                    event.residentCode(), event.information()});
        }
        template.batchUpdate("""
                INSERT INTO subscription_events (subscription_id, sequence, kind, change_id, reason, change_date,
                    recorded_at, resident_code, information) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        return head;
    }

    /** A subscription as an extract sees it, read under its row lock. */
    record Locked(UUID id, String recipient, String basis, SubscriptionMode mode, String status, Integer milestoneAge,
                  LocalDate asOf, Instant createdAt) {
    }

    /**
     * Reads the subscription and locks its row ({@code FOR UPDATE}) until the caller's transaction
     * ends: an agency's edit, a target upload and another run of the extract wait for it.
     */
    Optional<Locked> lockForExtract(UUID subscription) {
        return jdbc.sql("""
                        SELECT id, recipient, basis, mode, status, milestone_age, as_of, created_at FROM subscriptions
                        WHERE id = :id FOR UPDATE""")
                .param("id", subscription)
                .query((row, n) -> new Locked(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
                        SubscriptionMode.valueOf(row.getString(4)), row.getString(5),
                        (Integer) row.getObject(6), row.getObject(7, LocalDate.class), row.getTimestamp(8).toInstant()))
                .optional();
    }

    /**
     * The subscription's status, its row held {@code FOR KEY SHARE} until the caller's transaction
     * ends: a target upload's chunk and an as-of batch ({@link #lockForExtract}) exclude each other,
     * so a chunk is either in the batch or refused after it.
     */
    String statusForTargets(UUID subscription) {
        return jdbc.sql("SELECT status FROM subscriptions WHERE id = :id FOR KEY SHARE").param("id", subscription)
                .query(String.class).single();
    }

    /** Marks an as-of subscription COMPLETED in the caller's transaction; the version moves, so an agency's concurrent edit fails. */
    void complete(UUID subscription) {
        jdbc.sql("""
                        UPDATE subscriptions SET status = 'COMPLETED', updated_at = :now, version = version + 1
                        WHERE id = :id""")
                .param("now", Timestamp.from(clock.instant())).param("id", subscription).update();
    }

    /** Now, on the feeds' clock. */
    Instant now() {
        return clock.instant();
    }
}
