package jp.jukinet.model.notice;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.PrefectureCode;

/**
 * The identity of a node of the network, as it appears on the wire and in sequence numbering:
 * <ul>
 *   <li>{@code cs-131016}: the CS of the municipality with that (valid) local government code;</li>
 *   <li>{@code pref-13}: the server of the prefecture with that (valid) prefecture code;</li>
 *   <li>{@code national}: the national server.</li>
 * </ul>
 * Anything else is refused as field {@value #FIELD}. In JSON it is a plain string.
 *
 * @param value the node id as written above
 */
public record NodeId(@JsonValue String value) {

    /** The JSON field name used when a node id is refused. */
    public static final String FIELD = "nodeId";

    private static final String CS_PREFIX = "cs-";
    private static final String PREFECTURE_PREFIX = "pref-";
    private static final String NATIONAL = "national";

    /** @throws InvalidValueException unless {@code value} has one of the three forms above */
    public NodeId {
        if (value == null) {
            throw new InvalidValueException(FIELD, "node id is required");
        }
        try {
            if (value.startsWith(CS_PREFIX)) {
                LocalGovernmentCode.of(value.substring(CS_PREFIX.length()));
            } else if (value.startsWith(PREFECTURE_PREFIX)) {
                PrefectureCode.of(value.substring(PREFECTURE_PREFIX.length()));
            } else if (!value.equals(NATIONAL)) {
                throw new InvalidValueException(FIELD,
                        "node id must be 'cs-<local government code>', 'pref-<prefecture code>' or 'national'");
            }
        } catch (InvalidValueException e) {
            throw e.field().equals(FIELD) ? e : e.withField(FIELD);
        }
    }

    /** Parses a node id, refusing it as the constructor does. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static NodeId of(String value) {
        return new NodeId(value);
    }

    /** The CS of a municipality, e.g. {@code cs-131016}. */
    public static NodeId cs(LocalGovernmentCode municipality) {
        return new NodeId(CS_PREFIX + municipality.value());
    }

    /** The server of a prefecture, e.g. {@code pref-13}. */
    public static NodeId prefecture(PrefectureCode prefecture) {
        return new NodeId(PREFECTURE_PREFIX + prefecture.value());
    }

    /** The national server. */
    public static NodeId national() {
        return new NodeId(NATIONAL);
    }

    /** The tier this node belongs to. */
    public Tier tier() {
        if (value.startsWith(CS_PREFIX)) {
            return Tier.MUNICIPAL;
        }
        return value.startsWith(PREFECTURE_PREFIX) ? Tier.PREFECTURAL : Tier.NATIONAL;
    }

    /** The municipality of a CS; empty for the other tiers. */
    public Optional<LocalGovernmentCode> municipalityCode() {
        return tier() == Tier.MUNICIPAL
                ? Optional.of(LocalGovernmentCode.of(value.substring(CS_PREFIX.length())))
                : Optional.empty();
    }

    /** The prefecture a CS lies in or a prefecture server serves; empty for the national server. */
    public Optional<PrefectureCode> prefectureCode() {
        return switch (tier()) {
            case MUNICIPAL -> municipalityCode().map(LocalGovernmentCode::prefecture);
            case PREFECTURAL -> Optional.of(PrefectureCode.of(value.substring(PREFECTURE_PREFIX.length())));
            case NATIONAL -> Optional.empty();
        };
    }

    /**
     * The next node up the notice chain: a CS's prefecture server, a prefecture server's
     * national server; empty for the national server.
     */
    public Optional<NodeId> upstream() {
        return switch (tier()) {
            case MUNICIPAL -> prefectureCode().map(NodeId::prefecture);
            case PREFECTURAL -> Optional.of(national());
            case NATIONAL -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
