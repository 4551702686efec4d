package jp.jukinet.model.move;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;

/**
 * A message between the two CSs of a move. In JSON the kind is the property {@code type}; a
 * receiver that does not know a type refuses the batch rather than guess (and its sender keeps
 * it until the receiver is upgraded).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MoveOutCertificate.class, name = "MOVE_OUT_CERTIFICATE"),
        @JsonSubTypes.Type(value = MoveInNotification.class, name = "MOVE_IN_NOTIFICATION"),
        @JsonSubTypes.Type(value = MoveOutWithdrawal.class, name = "MOVE_OUT_WITHDRAWAL"),
        @JsonSubTypes.Type(value = DvProtectionUpdate.class, name = "DV_PROTECTION_UPDATE"),
        @JsonSubTypes.Type(value = FuhyoNotice.class, name = "FUHYO_NOTICE")})
public sealed interface MoveMessage permits MoveOutCertificate, MoveInNotification, MoveOutWithdrawal,
        DvProtectionUpdate, FuhyoNotice {

    /** The move this message is about. */
    UUID moveId();

    /** The municipality the person moves out of (A). */
    LocalGovernmentCode origin();

    /** The municipality the person moves to (B). */
    LocalGovernmentCode destination();

    /** The person's resident code (unchanged by the move). */
    ResidentCode residentCode();

    /** The municipality whose CS sends this message. */
    default LocalGovernmentCode sender() {
        return origin();
    }

    /** The municipality whose CS receives this message. */
    default LocalGovernmentCode recipient() {
        return destination();
    }

    /** Checks the parts every move message has. */
    static void requireMove(UUID moveId, LocalGovernmentCode origin, LocalGovernmentCode destination) {
        if (moveId == null) {
            throw new jp.jukinet.model.InvalidValueException("moveId", "move id is required");
        }
        if (origin == null) {
            throw new jp.jukinet.model.InvalidValueException("origin", "origin (転出元) is required");
        }
        if (destination == null) {
            throw new jp.jukinet.model.InvalidValueException("destination", "destination (転出先) is required");
        }
        if (origin.equals(destination)) {
            throw new jp.jukinet.model.InvalidValueException("destination",
                    "a move between municipalities needs two different municipalities (a move within one is 転居)");
        }
    }
}
