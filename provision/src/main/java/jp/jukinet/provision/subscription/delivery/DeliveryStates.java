package jp.jukinet.provision.subscription.delivery;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** The delivery state of every subscription with a webhook endpoint. */
public interface DeliveryStates extends JpaRepository<DeliveryState, UUID> {
}
