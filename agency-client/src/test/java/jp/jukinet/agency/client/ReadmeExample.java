package jp.jukinet.agency.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import jp.jukinet.agency.Verification;
import jp.jukinet.agency.WebhookRequest;
import jp.jukinet.agency.WebhookVerifier;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.model.subscription.SubscriptionRequest;
import jp.jukinet.model.subscription.SubscriptionView;
import jp.jukinet.model.subscription.TargetKind;

/**
 * The example of agency-client/README.md, word for word between the markers, so that the build
 * compiles it; AgencyClientNetworkTest runs the same calls against the network.
 */
final class ReadmeExample {

    private ReadmeExample() {
    }

    static void example(ResidentCode code, List<ResidentCode> manyCodes, Consumer<LookupResult> store,
                        Consumer<SubscriptionEvent> apply, WebhookRequest received) {
        // README begin
        try (AgencyClient jlis = AgencyClient.builder()
                .gateway(URI.create("https://localhost:8443"))
                .certificate(Path.of("var/pki/agency-nenkin.crt"), Path.of("var/pki/agency-nenkin.key"))
                .trustAnchor(Path.of("var/pki/ca.crt"))
                .userAgent("nenkin-system/1.0")
                .build()) {

            // one person under a rule naming you; a refusal is a ProblemException (status, type, field, retryAfter)
            LookupResult person = jlis.lookup(LookupRequest.byResidentCode("nenkin-30-9-change-check", code));

            // many, streamed both ways: answers arrive (in order, line by line) while the requests are still sent
            BatchOutcome batch = jlis.lookupBatch(
                    manyCodes.stream().map(c -> LookupRequest.byResidentCode("nenkin-30-9-change-check", c)), store);
            if (!batch.complete()) {
                // the lines after the last answered were not processed: send them again later
            }

            // subscribe, list whom to follow, and read the feed after the last sequence applied
            SubscriptionView subscription = jlis.subscribe(new SubscriptionRequest("nenkin-30-9-change-check",
                    SubscriptionMode.EVERY_CHANGE, null, null, null, TargetKind.LISTED,
                    URI.create("https://webhook-agency-nenkin:9443/jukinet/events")));
            UUID id = subscription.id();
            jlis.changeTargets(id, List.of(TargetChange.add(code)));
            long appliedThrough = jlis.readFeed(id, 0, null, apply);

            // at the webhook endpoint: the agency kit's verifier, with J-LIS's published keys
            WebhookVerifier verifier = jlis.webhookVerifier(
                    URI.create("https://webhook-agency-nenkin:9443/jukinet/events"), id);
            if (verifier.verify(received, appliedThrough) instanceof Verification.Verified verified) {
                verified.newEvents().forEach(apply);
            }
        }
        // README end
    }
}
