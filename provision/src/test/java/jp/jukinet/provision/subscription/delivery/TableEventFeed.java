package jp.jukinet.provision.subscription.delivery;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.subscription.EventKind;
import jp.jukinet.model.subscription.Frequency;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.provision.subscription.EventFeed;

/**
 * An {@link EventFeed} over tables of this test's own, in real PostgreSQL: the subscriptions'
 * real feed arrives with the subscriptions' branch, and delivery must depend on the interface only.
 * {@code test_provided} has a unique key on (subscription, sequence, channel): an event recorded
 * twice fails the statement, and with it the test.
 */
class TableEventFeed implements EventFeed {

    static final String SCHEMA = """
            CREATE TABLE test_subscriber (subscription_id uuid PRIMARY KEY, recipient text NOT NULL, endpoint text,
                                          frequency text, active boolean NOT NULL);
            CREATE TABLE test_feed (subscription_id uuid NOT NULL, sequence bigint NOT NULL, event text NOT NULL,
                                    PRIMARY KEY (subscription_id, sequence));
            CREATE TABLE test_provided (subscription_id uuid NOT NULL, sequence bigint NOT NULL, channel text NOT NULL,
                                        UNIQUE (subscription_id, sequence, channel));
            """;

    private final JdbcClient jdbc;

    TableEventFeed(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID subscribe(String recipient, URI endpoint, Frequency frequency) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO test_subscriber VALUES (?, ?, ?, ?, true)")
                .params(id, recipient, endpoint.toString(), frequency == null ? null : frequency.name()).update();
        return id;
    }

    void deactivateAll() {
        jdbc.sql("UPDATE test_subscriber SET active = false").update();
    }

    /** Writes {@code count} change events after the feed's head. */
    void write(UUID subscriptionId, int count, Instant at) {
        long head = head(subscriptionId);
        for (long sequence = head + 1; sequence <= head + count; sequence++) {
            jdbc.sql("INSERT INTO test_feed VALUES (?, ?, ?)")
                    .params(subscriptionId, sequence, JukiNetJson.mapper().writeValueAsString(event(sequence, at))).update();
        }
    }

    long provided(UUID subscriptionId) {
        return jdbc.sql("SELECT count(*) FROM test_provided WHERE subscription_id = ? AND channel = 'WEBHOOK'")
                .param(subscriptionId).query(Long.class).single();
    }

    @Override
    public List<Subscriber> webhookSubscribers() {
        return jdbc.sql("SELECT * FROM test_subscriber WHERE active AND endpoint IS NOT NULL ORDER BY subscription_id")
                .query((rs, n) -> subscriber(rs)).list();
    }

    @Override
    public Optional<Subscriber> subscriber(UUID subscriptionId) {
        return jdbc.sql("SELECT * FROM test_subscriber WHERE subscription_id = ?").param(subscriptionId)
                .query((rs, n) -> subscriber(rs)).optional();
    }

    @Override
    public long head(UUID subscriptionId) {
        return jdbc.sql("SELECT coalesce(max(sequence), 0) FROM test_feed WHERE subscription_id = ?").param(subscriptionId)
                .query(Long.class).single();
    }

    @Override
    public List<SubscriptionEvent> after(UUID subscriptionId, long after, int limit) {
        return jdbc.sql("SELECT event FROM test_feed WHERE subscription_id = ? AND sequence > ? ORDER BY sequence LIMIT ?")
                .params(subscriptionId, after, limit)
                .query((rs, n) -> JukiNetJson.mapper().readValue(rs.getString(1), SubscriptionEvent.class)).list();
    }

    @Override
    public void recordDelivered(UUID subscriptionId, List<SubscriptionEvent> events, String channel) {
        for (SubscriptionEvent event : events) {
            jdbc.sql("INSERT INTO test_provided VALUES (?, ?, ?)").params(subscriptionId, event.sequence(), channel).update();
        }
    }

    private static Subscriber subscriber(java.sql.ResultSet rs) throws java.sql.SQLException {
        String frequency = rs.getString("frequency");
        String endpoint = rs.getString("endpoint");
        return new Subscriber(rs.getObject("subscription_id", UUID.class), rs.getString("recipient"), "nenkin-test",
                endpoint == null ? null : URI.create(endpoint), frequency == null ? null : Frequency.valueOf(frequency),
                rs.getBoolean("active"));
    }

    static SubscriptionEvent event(long sequence, Instant at) {
        IdentityInformation person = new IdentityInformation(ResidentCode.fromSerial(1_000_000_000L + sequence),
                MyNumber.fromData(10_000_000_000L + sequence), PersonName.of("山田", "花子", "ヤマダ", "ハナコ"),
                LocalDate.of(1990, 4, 1), Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), LocalGovernmentCode.of("131016"),
                ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.MOVE_WITHIN, LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 1)));
        return new SubscriptionEvent(sequence, EventKind.CHANGE, UUID.randomUUID(), ChangeReason.MOVE_WITHIN,
                LocalDate.of(2026, 12, 1), at, LookupResult.provided(person, EnumSet.of(IdentityField.NAME, IdentityField.ADDRESS)));
    }
}
