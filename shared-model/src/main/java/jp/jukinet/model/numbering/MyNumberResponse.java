package jp.jukinet.model.numbering;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;

/**
 * The answer to a {@link MyNumberRequest}: one assignment per requested resident code, in the
 * order of the request.
 *
 * @param assignments at least one assignment; the list is immutable
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MyNumberResponse(List<MyNumberAssignment> assignments) {

    /** @throws InvalidValueException when the list is missing, empty or holds a null */
    public MyNumberResponse {
        if (assignments == null || assignments.isEmpty()) {
            throw new InvalidValueException("assignments", "at least one assignment expected");
        }
        for (int i = 0; i < assignments.size(); i++) {
            if (assignments.get(i) == null) {
                throw new InvalidValueException("assignments[" + i + "]", "must not be null");
            }
        }
        assignments = List.copyOf(assignments);
    }

    /** The My Number this response assigns to {@code code}, if it names the code. */
    public Optional<MyNumber> myNumberOf(ResidentCode code) {
        return assignments.stream().filter(a -> a.residentCode().equals(code)).map(MyNumberAssignment::myNumber)
                .findFirst();
    }
}
