package jp.jukinet.model.subscription;

import java.net.URI;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;

/**
 * A new subscription, as an agency asks for it ({@code POST /api/v1/national/subscriptions}). The
 * agency is the caller; the rule decides whether it may subscribe at all.
 *
 * @param basis       the provision rule's id, required
 * @param mode        required
 * @param frequency   required with {@link SubscriptionMode#BATCHED}, absent otherwise
 * @param milestoneAge required with {@link SubscriptionMode#MILESTONE_AGE}, absent otherwise
 * @param asOf        required with {@link SubscriptionMode#AS_OF}, absent otherwise
 * @param target      required: listed persons (added afterwards) or the rule's criterion
 * @param endpoint    the agency's webhook endpoint ({@link #checkEndpoint}); absent for pull only
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubscriptionRequest(String basis, SubscriptionMode mode, Frequency frequency, Integer milestoneAge,
                                  LocalDate asOf, TargetKind target, URI endpoint) {

    /** @throws InvalidValueException naming the field */
    public SubscriptionRequest {
        if (basis == null || basis.isBlank()) {
            throw new InvalidValueException("basis", "basis (the provision rule's id) is required");
        }
        if (mode == null) {
            throw new InvalidValueException("mode", "mode is required: " + java.util.Arrays.toString(SubscriptionMode.values()));
        }
        if (target == null) {
            throw new InvalidValueException("target", "target is required: LISTED or CRITERION");
        }
        if ((mode == SubscriptionMode.BATCHED) != (frequency != null)) {
            throw new InvalidValueException("frequency", "frequency (DAILY, WEEKLY, MONTHLY) goes with mode BATCHED, and only with it");
        }
        if ((mode == SubscriptionMode.MILESTONE_AGE) != (milestoneAge != null)) {
            throw new InvalidValueException("milestoneAge", "milestoneAge goes with mode MILESTONE_AGE, and only with it");
        }
        if ((mode == SubscriptionMode.AS_OF) != (asOf != null)) {
            throw new InvalidValueException("asOf", "asOf goes with mode AS_OF, and only with it");
        }
        checkEndpoint(endpoint);
    }

    /** The longest endpoint accepted. */
    public static final int MAX_ENDPOINT_LENGTH = 2000;

    /**
     * A webhook endpoint is an absolute {@code https} (or, inside the network, {@code http}) URI
     * with a host, no user information and no fragment, at most {@value #MAX_ENDPOINT_LENGTH} characters.
     *
     * @throws InvalidValueException naming {@code endpoint}
     */
    public static void checkEndpoint(URI endpoint) {
        if (endpoint == null) {
            return;
        }
        String scheme = endpoint.getScheme();
        if (!endpoint.isAbsolute() || !("https".equals(scheme) || "http".equals(scheme)) || endpoint.getHost() == null
                || endpoint.getRawUserInfo() != null || endpoint.getRawFragment() != null
                || endpoint.toString().length() > MAX_ENDPOINT_LENGTH) {
            throw new InvalidValueException("endpoint", "endpoint must be an absolute https or http URI with a host,"
                    + " without user information or fragment, at most " + MAX_ENDPOINT_LENGTH + " characters");
        }
    }
}
