package jp.jukinet.service.notice;

import java.util.Optional;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.notice.ChangeNotice;

/**
 * Whether the municipality a notice speaks for owns the person it is about, as far as the
 * receiving tier knows from its own register (PRODUCT.md F10). A municipality owns the residence it
 * registered: its own changes of that residence, older residences it held (a late removal after
 * the person moved on), and the next residence of a person the previous holder released to it by
 * a 転出 that names it as the destination. A 転出取消 ({@link ChangeReason#MOVE_OUT_CANCELLATION}),
 * which restores the record its 転出届 removed, is a change of the sender's own residence: taken from
 * the municipality holding that residence, from no one else. Anything else is not applied: the notice is parked with
 * the reason, and tried again when the person's record here changes (the release may still be on
 * its way from another source).
 *
 * <p>The prefecture server sees only its own municipalities' notices, so a person who comes from
 * another prefecture is unknown to it, and a person who left for another prefecture may come back
 * by moves it never saw: those it takes on the sender's word, and J-LIS, which sees every move,
 * decides. J-LIS also knows to which municipality each resident code was allocated, so it takes a
 * new person only from the municipality that was given the code.
 */
public final class NoticeOwnership {

    /** Why a notice is not applied (stable names: they are metric tags and stored with the notice). */
    public enum Reason {
        /** A later notice of the same sender about the same resident waits behind a parked one. */
        BEHIND_PARKED,
        /** The notice carries a My Number that this register holds for another person. */
        MY_NUMBER_OF_ANOTHER,
        /** The notice carries another My Number than this register holds for the person, without a change of number. */
        MY_NUMBER_MISMATCH,
        /** A new person whose resident code was not allocated to the sender. */
        CODE_NOT_ALLOCATED,
        /** A later residence of a person this register does not know (J-LIS: the origin's notices are still to come). */
        UNKNOWN_PERSON,
        /** Another municipality holds the person in the same residence. */
        HELD_BY_ANOTHER,
        /** A change of an older residence from a municipality that never held the person in it. */
        NOT_A_FORMER_HOLDER,
        /** A move-in while the person's record elsewhere is still in force (its 転出 may be on its way). */
        AWAITING_RELEASE,
        /** A move-in of a person whose 転出 names another destination, or skips a residence. */
        NOT_RELEASED_TO_SENDER,
        /** A change of resident code to a code that another person holds. */
        CODE_HELD_BY_ANOTHER,
        /**
         * Its application failed for good (a constraint, a refusal of the domain): a poison notice,
         * parked with its problem so that the rest of the stream goes on. Never retried by itself;
         * an operator releases (applies once) or discards it.
         */
        REFUSED
    }

    /** What the receiving tier knows, including what this batch has applied so far. */
    public interface Knowledge {

        /** The current record of the person who holds (or held) {@code code}. */
        Optional<IdentityInformation> current(ResidentCode code);

        /** The current record holding {@code number}. */
        Optional<IdentityInformation> holderOf(MyNumber number);

        /** Whether {@code municipality} recorded a change of the person in their residence {@code residence}. */
        boolean held(ResidentCode code, LocalGovernmentCode municipality, int residence);

        /** Whether {@code code} was allocated to {@code municipality}; empty when this tier cannot tell. */
        Optional<Boolean> allocatedTo(ResidentCode code, LocalGovernmentCode municipality);
    }

    /** The outcome for one notice: applied, or parked for {@code reason}. */
    public record Decision(Reason parkedFor) {

        static final Decision APPLY = new Decision(null);

        static Decision park(Reason reason) {
            return new Decision(reason);
        }

        public boolean apply() {
            return parkedFor == null;
        }
    }

    private final PrefectureCode prefecture;

    private NoticeOwnership(PrefectureCode prefecture) {
        this.prefecture = prefecture;
    }

    /** The rules of a prefecture server, which sees only its own municipalities' notices. */
    public static NoticeOwnership ofPrefecture(PrefectureCode prefecture) {
        return new NoticeOwnership(prefecture);
    }

    /** The rules of the national server, which sees every municipality's notices. */
    public static NoticeOwnership national() {
        return new NoticeOwnership(null);
    }

    private boolean atNationalServer() {
        return prefecture == null;
    }

    /**
     * Decides one notice whose sender speaks for {@code notice.identity().municipality()} (checked
     * before: a CS for its own municipality, a prefecture for its own municipalities).
     */
    public Decision decide(ChangeNotice notice, Knowledge knowledge) {
        IdentityInformation claim = notice.identity();
        LocalGovernmentCode sender = claim.municipality();
        if (notice.previousResidentCode() != null) {
            return decideCodeChange(notice, knowledge);
        }
        Optional<IdentityInformation> known = knowledge.current(notice.residentCode());
        Optional<IdentityInformation> numberHolder = knowledge.holderOf(claim.myNumber());
        if (numberHolder.isPresent() && (known.isEmpty()
                || !numberHolder.get().residentCode().equals(known.get().residentCode()))) {
            return Decision.park(Reason.MY_NUMBER_OF_ANOTHER);
        }
        if (known.isEmpty()) {
            if (claim.residence() == 0) {
                return knowledge.allocatedTo(claim.residentCode(), sender).orElse(true)
                        ? Decision.APPLY : Decision.park(Reason.CODE_NOT_ALLOCATED);
            }
            // a later residence of someone this tier never held: from another prefecture (the prefecture
            // cannot know more), or, at J-LIS, ahead of the notices of the municipality they left
            return atNationalServer() ? Decision.park(Reason.UNKNOWN_PERSON) : Decision.APPLY;
        }
        IdentityInformation person = known.get();
        int residence = claim.residence();
        if (residence < person.residence()) {
            return knowledge.held(notice.residentCode(), sender, residence)
                    ? Decision.APPLY : Decision.park(Reason.NOT_A_FORMER_HOLDER);
        }
        if (notice.reason() != ChangeReason.MY_NUMBER_CHANGE && !claim.myNumber().equals(person.myNumber())) {
            return Decision.park(Reason.MY_NUMBER_MISMATCH);
        }
        if (residence == person.residence()) {
            // its own residence's changes, a 転出取消 restoring the record its 転出届 removed among them
            return sender.equals(person.municipality()) ? Decision.APPLY : Decision.park(Reason.HELD_BY_ANOTHER);
        }
        if (notice.reason() == ChangeReason.MOVE_OUT_CANCELLATION) {
            // a 転出取消 restores the residence its 転出届 removed: it never opens a newer one
            return Decision.park(Reason.NOT_RELEASED_TO_SENDER);
        }
        return decideMoveIn(person, sender, residence);
    }

    /** A newer residence than the one held here: the previous holder must have released the person to the sender. */
    private Decision decideMoveIn(IdentityInformation person, LocalGovernmentCode sender, int residence) {
        if (person.active()) {
            return Decision.park(Reason.AWAITING_RELEASE);
        }
        boolean movedOut = person.change().reason() == ChangeReason.MOVE_OUT
                || person.change().reason() == ChangeReason.EX_OFFICIO_CORRECTION;
        LocalGovernmentCode destination = person.movedTo();
        if (movedOut && destination != null && !atNationalServer() && !destination.prefecture().equals(prefecture)) {
            // the person left this prefecture; where they went since, only J-LIS knows
            return Decision.APPLY;
        }
        return movedOut && sender.equals(destination) && residence == person.residence() + 1
                ? Decision.APPLY : Decision.park(Reason.NOT_RELEASED_TO_SENDER);
    }

    private Decision decideCodeChange(ChangeNotice notice, Knowledge knowledge) {
        IdentityInformation claim = notice.identity();
        Optional<IdentityInformation> before = knowledge.current(notice.previousResidentCode());
        if (before.isEmpty()) {
            return Decision.park(Reason.UNKNOWN_PERSON);
        }
        IdentityInformation person = before.get();
        Optional<IdentityInformation> newCodeHolder = knowledge.current(notice.residentCode());
        if (newCodeHolder.isPresent() && !newCodeHolder.get().myNumber().equals(person.myNumber())) {
            return Decision.park(Reason.CODE_HELD_BY_ANOTHER);
        }
        if (!claim.myNumber().equals(person.myNumber())) {
            return Decision.park(Reason.MY_NUMBER_MISMATCH);
        }
        if (claim.residence() < person.residence()) {
            return knowledge.held(notice.previousResidentCode(), claim.municipality(), claim.residence())
                    ? Decision.APPLY : Decision.park(Reason.NOT_A_FORMER_HOLDER);
        }
        if (claim.residence() != person.residence() || !claim.municipality().equals(person.municipality())) {
            return Decision.park(Reason.HELD_BY_ANOTHER);
        }
        return knowledge.allocatedTo(notice.residentCode(), claim.municipality()).orElse(true)
                ? Decision.APPLY : Decision.park(Reason.CODE_NOT_ALLOCATED);
    }
}
