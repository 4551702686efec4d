package jp.jukinet.cs.household;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.household.HouseholdItem;
import jp.jukinet.model.identity.TextRules;

/**
 * The household part of a 届出 ({@code household} in the notification body).
 *
 * @param action        NEW: the person becomes the 世帯主 of a new household; JOIN: the person joins
 *                      {@code householdId} with {@code relationship}; CHANGE_HEAD (世帯変更届 only): the
 *                      person becomes the 世帯主 of their household
 * @param householdId   JOIN only: the household to join
 * @param relationship  JOIN only: the person's 続柄 to its 世帯主 (子, 妻, 母, 同居人, …); never 世帯主
 * @param newHead       when the person is the 世帯主 and leaves a household others stay in: the
 *                      member who becomes its 世帯主 (required then, refused otherwise)
 * @param relationships the 続柄 that change for the members who stay, relative to the new 世帯主 (after
 *                      a CHANGE_HEAD the former 世帯主 must be among them); members not named keep theirs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HouseholdRequest(Action action, UUID householdId, String relationship, ResidentCode newHead,
                               List<MemberRelationship> relationships) {

    /** The 続柄 of the 世帯主 themself. */
    public static final String HEAD = "世帯主";

    public enum Action {
        NEW,
        JOIN,
        CHANGE_HEAD
    }

    /** When the household part comes. */
    public enum Occasion {
        /** With a new record here (出生, 転入, 国外からの転入): the person is in no household here yet. */
        NEW_RECORD,
        /** With a 転居: optional. */
        MOVE_WITHIN,
        /** The 世帯変更届 itself. */
        HOUSEHOLD_CHANGE
    }

    /** A member's new 続柄. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MemberRelationship(ResidentCode residentCode, String relationship) {
    }

    public HouseholdRequest {
        if (relationships != null && relationships.contains(null)) {
            throw new InvalidValueException("household.relationships[" + relationships.indexOf(null) + "]",
                    "names a member by resident code");
        }
        relationships = relationships == null ? List.of() : List.copyOf(relationships);
    }

    /** A household of the person's own (the default for a new record that names none). */
    public static HouseholdRequest ofTheirOwn() {
        return new HouseholdRequest(Action.NEW, null, null, null, null);
    }

    /**
     * The checks that need no data: which parts go with which action and occasion.
     *
     * @throws InvalidValueException naming the field ({@code household.…})
     */
    public void check(Occasion occasion) {
        if (action == null) {
            throw new InvalidValueException("household.action", "household.action is required (NEW, JOIN, CHANGE_HEAD)");
        }
        if (action == Action.JOIN) {
            if (householdId == null) {
                throw new InvalidValueException("household.householdId", "JOIN names the household to join");
            }
            TextRules.required(relationship, "household.relationship", "続柄 (relationship)", HouseholdItem.MAX_RELATIONSHIP);
            if (HEAD.equals(relationship.strip())) {
                throw new InvalidValueException("household.relationship",
                        "a person joins a household as a member; the 世帯主 changes with CHANGE_HEAD");
            }
        } else {
            if (householdId != null) {
                throw new InvalidValueException("household.householdId", "only JOIN names a household");
            }
            if (relationship != null) {
                throw new InvalidValueException("household.relationship",
                        "only JOIN gives the person's 続柄 (with NEW and CHANGE_HEAD the person is the 世帯主)");
            }
        }
        if (action == Action.CHANGE_HEAD && occasion != Occasion.HOUSEHOLD_CHANGE) {
            throw new InvalidValueException("household.action", "the 世帯主 changes by a 世帯変更届 (HOUSEHOLD_CHANGE)");
        }
        if (occasion == Occasion.NEW_RECORD && (newHead != null || !relationships.isEmpty())) {
            throw new InvalidValueException(newHead != null ? "household.newHead" : "household.relationships",
                    "a person registered here anew is in no household here yet");
        }
        if (action == Action.CHANGE_HEAD && newHead != null) {
            throw new InvalidValueException("household.newHead", "with CHANGE_HEAD the person is the new 世帯主");
        }
        for (int i = 0; i < relationships.size(); i++) {
            MemberRelationship member = relationships.get(i);
            String field = "household.relationships[" + i + "]";
            if (member.residentCode() == null) {
                throw new InvalidValueException(field + ".residentCode", "names a member by resident code");
            }
            TextRules.required(member.relationship(), field + ".relationship", "続柄 (relationship)",
                    HouseholdItem.MAX_RELATIONSHIP);
            if (HEAD.equals(member.relationship().strip())) {
                throw new InvalidValueException(field + ".relationship", "the 世帯主 is named by newHead or CHANGE_HEAD");
            }
        }
    }
}
