package jp.jukinet.model.provision;

import java.time.LocalDate;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;

/**
 * The answer to one lookup, and one line of a batch answer:
 * <pre>{@code
 * {"line": 7, "outcome": "PROVIDED", "residentCode": "…", "myNumber": "…",
 *  "person": {"name": {…}, "dateOfBirth": "…", "sex": "…", "address": {"text": "…"}},
 *  "change": {"reason": "…", "effectiveDate": "…", "notifiedDate": "…"}, "status": "ACTIVE"}
 * {"line": 8, "outcome": "AMBIGUOUS", "matches": 3}
 * {"line": 9, "outcome": "REFUSED", "error": {"type": "urn:jukinet:problem:forbidden", …}}
 * }</pre>
 * Only what the rule allows is present: {@code residentCode} under {@code RESIDENT_CODE},
 * {@code myNumber} under {@code MY_NUMBER}, {@code change} under {@code CHANGE_INFORMATION},
 * {@code status} (ACTIVE, or REMOVED for a 消除 record) under {@code STATUS} — with
 * {@code movedTo}, the municipality a person removed by 転出 moves to (the planned destination until
 * the move-in there reaches the provider) — and the parts of
 * {@code person} under the 4-info fields. Everything else is absent from the JSON, not
 * {@code null} (OWASP API3). {@code line} is set in batch answers only.
 *
 * <p>{@link #toString()} shows the outcome only.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LookupResult(Long line, ProvisionOutcome outcome, Integer matches, ResidentCode residentCode,
                           MyNumber myNumber, ProvidedPerson person, ChangeInformation change,
                           ResidentStatus status, LocalGovernmentCode movedTo, LookupProblem error) {

    /**
     * What a recipient under a rule allowing {@code fields} receives of {@code identity}: the
     * allowed fields and nothing else.
     */
    public static LookupResult provided(IdentityInformation identity, Set<IdentityField> fields) {
        PersonName name = identity.name();
        boolean names = fields.contains(IdentityField.NAME);
        boolean kana = fields.contains(IdentityField.NAME_KANA);
        boolean former = fields.contains(IdentityField.FORMER_SURNAME_OR_ALIAS);
        ProvidedName providedName = names || kana || (former && (name.formerSurname() != null || name.alias() != null))
                ? new ProvidedName(names ? name.family() : null, names ? name.given() : null,
                        kana ? name.familyKana() : null, kana ? name.givenKana() : null,
                        former ? name.formerSurname() : null, former ? name.alias() : null)
                : null;
        Address address = fields.contains(IdentityField.ADDRESS) ? identity.address() : null;
        Sex sex = fields.contains(IdentityField.SEX) ? identity.sex() : null;
        LocalDate dateOfBirth = fields.contains(IdentityField.DATE_OF_BIRTH) ? identity.dateOfBirth() : null;
        ProvidedPerson person = providedName == null && address == null && sex == null && dateOfBirth == null
                ? null
                : new ProvidedPerson(providedName, dateOfBirth, sex, address);
        return new LookupResult(null, ProvisionOutcome.PROVIDED, null,
                fields.contains(IdentityField.RESIDENT_CODE) ? identity.residentCode() : null,
                fields.contains(IdentityField.MY_NUMBER) ? identity.myNumber() : null,
                person,
                fields.contains(IdentityField.CHANGE_INFORMATION) ? identity.change() : null,
                fields.contains(IdentityField.STATUS) ? identity.status() : null,
                fields.contains(IdentityField.STATUS) ? identity.movedTo() : null,
                null);
    }

    public static LookupResult notFound(LookupProblem problem) {
        return new LookupResult(null, ProvisionOutcome.NOT_FOUND, null, null, null, null, null, null, null, problem);
    }

    /** Several people match: how many, and nothing about any of them. */
    public static LookupResult ambiguous(int matches) {
        return new LookupResult(null, ProvisionOutcome.AMBIGUOUS, matches, null, null, null, null, null, null, null);
    }

    public static LookupResult refused(LookupProblem problem) {
        return new LookupResult(null, ProvisionOutcome.REFUSED, null, null, null, null, null, null, null, problem);
    }

    public static LookupResult invalid(LookupProblem problem) {
        return new LookupResult(null, ProvisionOutcome.INVALID, null, null, null, null, null, null, null, problem);
    }

    public static LookupResult failed(LookupProblem problem) {
        return new LookupResult(null, ProvisionOutcome.FAILED, null, null, null, null, null, null, null, problem);
    }

    /** This answer as line {@code number} of a batch answer. */
    public LookupResult atLine(long number) {
        return new LookupResult(number, outcome, matches, residentCode, myNumber, person, change, status, movedTo, error);
    }

    /** Shows the line and outcome only: the rest may be personal data. */
    @Override
    public String toString() {
        return "LookupResult[" + (line == null ? "" : "line=" + line + ", ") + "outcome=" + outcome + "]";
    }
}
