package jp.jukinet.agency.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;

/**
 * One line of a subscription's target upload ({@code POST …/subscriptions/{id}/targets}): add or
 * remove one person, by resident code or (where the rule's fields include it) by My Number. The
 * answer to it is the {@link jp.jukinet.model.subscription.TargetResult} of the same line number.
 *
 * <p>{@link #toString()} shows the operation only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetChange(String op, ResidentCode residentCode, MyNumber myNumber) {

    /** @throws IllegalArgumentException unless op is add or remove and exactly one key is given */
    public TargetChange {
        if (!"add".equals(op) && !"remove".equals(op)) {
            throw new IllegalArgumentException("op is add or remove");
        }
        if ((residentCode == null) == (myNumber == null)) {
            throw new IllegalArgumentException("give a resident code or a My Number, not both");
        }
    }

    public static TargetChange add(ResidentCode code) {
        return new TargetChange("add", code, null);
    }

    public static TargetChange add(MyNumber number) {
        return new TargetChange("add", null, number);
    }

    public static TargetChange remove(ResidentCode code) {
        return new TargetChange("remove", code, null);
    }

    public static TargetChange remove(MyNumber number) {
        return new TargetChange("remove", null, number);
    }

    @Override
    public String toString() {
        return "TargetChange[" + op + ", key=" + (residentCode != null ? "residentCode" : "myNumber") + "]";
    }
}
