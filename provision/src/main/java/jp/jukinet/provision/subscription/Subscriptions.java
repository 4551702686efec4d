package jp.jukinet.provision.subscription;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** The subscriptions (Spring Data JPA). An agency's are found by its identity, never by id alone. */
public interface Subscriptions extends JpaRepository<Subscription, UUID> {

    /** The subscription with that id if {@code recipient} owns it (F10: ownership from our own records). */
    Optional<Subscription> findByIdAndRecipient(UUID id, String recipient);

    /** The agency's subscriptions, oldest first. */
    List<Subscription> findByRecipientOrderByCreatedAtAscIdAsc(String recipient);
}
