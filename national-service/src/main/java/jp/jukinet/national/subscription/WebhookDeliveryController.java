package jp.jukinet.national.subscription;

import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.provision.ProvideIdentityInformation;
import jp.jukinet.provision.subscription.delivery.DeliveryStatus;
import jp.jukinet.provision.subscription.delivery.SigningKey;
import jp.jukinet.provision.subscription.delivery.WebhookDeliveries;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * The webhook channel of push-type notification as agencies see it (through the gateway): the key
 * that signs every delivery, and the delivery state of their own subscriptions, which they resume
 * after it was parked. The caller is the identity the gateway verified.
 */
@RestController
@RequestMapping("/api/v1/national")
@Tag(name = "subscription delivery", description = "Signed webhook delivery of subscriptions' events (F6)")
class WebhookDeliveryController {

    private final SigningKey key;
    private final ObjectProvider<WebhookDeliveries> deliveries;

    WebhookDeliveryController(SigningKey key, ObjectProvider<WebhookDeliveries> deliveries) {
        this.key = key;
        this.deliveries = deliveries;
    }

    @GetMapping(path = "/subscription-keys", produces = {"application/jwk-set+json", "application/json"})
    @Operation(summary = "The keys that sign webhook deliveries (JWK set, OKP/Ed25519)",
            description = "Verify each delivery's RFC 9421 signature with the key its keyid names. Public: any "
                    + "certified caller may read it. A new keyid is published before it signs.")
    ResponseEntity<PublishedKeys> keys() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5))).body(key.published());
    }

    @GetMapping("/subscriptions/{subscriptionId}/delivery")
    @Operation(summary = "How the webhook of one of the caller's subscriptions fares",
            description = "Delivered-through and head, failures, parked or not, the last problem (e.g. the gateway "
                    + "refusing an endpoint its policy does not list). 404 for a subscription that is not the caller's.")
    DeliveryStatus status(@PathVariable UUID subscriptionId,
                          @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        ProvideIdentityInformation.requireCaller(caller);
        return deliveries().status(subscriptionId, caller);
    }

    @PostMapping("/subscriptions/{subscriptionId}/delivery/resume")
    @Operation(summary = "Resume the parked webhook of one of the caller's subscriptions",
            description = "Attempted again at once, failures counted from zero; what the endpoint missed follows in "
                    + "sequence. Resuming a channel that is not parked changes nothing. 404 for a subscription that "
                    + "is not the caller's.")
    DeliveryStatus resume(@PathVariable UUID subscriptionId,
                          @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        ProvideIdentityInformation.requireCaller(caller);
        return deliveries().resume(subscriptionId, caller);
    }

    private WebhookDeliveries deliveries() {
        WebhookDeliveries available = deliveries.getIfAvailable();
        if (available == null) {
            // no subscriptions' feed on this node (yet): no subscription exists to deliver
            throw Refusal.notFound("subscriptionId", "no such subscription");
        }
        return available;
    }
}
