package jp.jukinet.provision.subscription;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import jp.jukinet.model.subscription.Frequency;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.model.subscription.SubscriptionStatus;
import jp.jukinet.model.subscription.TargetKind;
import jp.jukinet.model.subscription.SubscriptionView;

/**
 * A subscription (プッシュ型通知の申込み, F6): an agency follows persons under one of its provision
 * rules. The aggregate agencies create and edit; it never travels over HTTP
 * ({@link #view} does).
 *
 * <p>Its feed's {@code head} is written only by the fan-out ({@link SubscriptionFeeds}), on JDBC, in
 * the national change's transaction: the entity reads it but never writes it back, so an edit by
 * the agency cannot undo events written meanwhile, and the fan-out does not bump the version, so
 * events do not make an agency's edit fail.
 */
@Entity
@Table(name = "subscriptions")
public class Subscription {

    @Id
    private UUID id;

    @Column(nullable = false, updatable = false)
    private String recipient;

    @Column(nullable = false, updatable = false)
    private String basis;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private SubscriptionMode mode;

    @Enumerated(EnumType.STRING)
    private Frequency frequency;

    @Column(name = "milestone_age", updatable = false)
    private Integer milestoneAge;

    @Column(name = "as_of", updatable = false)
    private LocalDate asOf;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private TargetKind target;

    private String endpoint;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SubscriptionStatus status;

    @Column(nullable = false, updatable = false)
    private long head;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Subscription() {
        // for JPA
    }

    /** A new, active subscription with an empty feed. */
    public Subscription(UUID id, String recipient, String basis, SubscriptionMode mode, Frequency frequency,
                        Integer milestoneAge, LocalDate asOf, TargetKind target, URI endpoint, Instant now) {
        this.id = id;
        this.recipient = recipient;
        this.basis = basis;
        this.mode = mode;
        this.frequency = frequency;
        this.milestoneAge = milestoneAge;
        this.asOf = asOf;
        this.target = target;
        this.endpoint = endpoint == null ? null : endpoint.toString();
        this.status = SubscriptionStatus.ACTIVE;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String recipient() {
        return recipient;
    }

    public String basis() {
        return basis;
    }

    public SubscriptionMode mode() {
        return mode;
    }

    public Frequency frequency() {
        return frequency;
    }

    public TargetKind target() {
        return target;
    }

    public URI endpoint() {
        return endpoint == null ? null : URI.create(endpoint);
    }

    public SubscriptionStatus status() {
        return status;
    }

    public long head() {
        return head;
    }

    /** Whether changes are written to its feed. */
    public boolean active() {
        return status == SubscriptionStatus.ACTIVE;
    }

    void endpoint(URI endpoint, Instant now) {
        this.endpoint = endpoint == null ? null : endpoint.toString();
        this.updatedAt = now;
    }

    void frequency(Frequency frequency, Instant now) {
        this.frequency = frequency;
        this.updatedAt = now;
    }

    /** Pauses or resumes; a cancelled subscription stays cancelled (the caller refuses that first). */
    void status(SubscriptionStatus status, Instant now) {
        this.status = status;
        this.updatedAt = now;
    }

    /** The subscription as its agency sees it. */
    public SubscriptionView view(long targets) {
        return new SubscriptionView(id, basis, mode, frequency, milestoneAge, asOf, target, endpoint(), status, head,
                targets, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "Subscription[id=" + id + ", recipient=" + recipient + ", basis=" + basis + ", mode=" + mode + "]";
    }
}
