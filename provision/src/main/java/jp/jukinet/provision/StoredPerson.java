package jp.jukinet.provision;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Set;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.NameNormalizer;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.provision.LookupResult;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * A person of the register as a lookup reads them: the components of the stored identity
 * information, each taken out of its JSON by PostgreSQL ({@link #COLUMNS}), as the text the
 * register stored after validating it.
 *
 * <p>Batch lookups write a provision from these texts straight to the answer
 * ({@link #writeProvided}), without rebuilding and validating the model for every person: for
 * a batch that was the largest single cost of the national server. What they write is, byte for
 * byte, what {@link LookupResult#provided} of {@link #identity()} serialises to, so the fields a
 * rule allows are decided in one place (OWASP API3); {@code StoredPersonTest} holds the two
 * together for every subset of {@link IdentityField}.
 *
 * <p>{@link #toString()} shows the resident code only: the rest is personal data and a My Number.
 */
public record StoredPerson(String residentCode, String myNumber, String family, String given, String familyKana,
                           String givenKana, String formerSurname, String alias, String dateOfBirth, String sex,
                           String address, String municipality, String status, String changeReason,
                           String effectiveDate, String notifiedDate, int residence, String movedTo) {

    // property names quoted and encoded once, not at every answer line
    private static final SerializableString LINE = new SerializedString("line");
    private static final SerializableString PROVIDED = new SerializedString("PROVIDED");
    private static final SerializableString OUTCOME = new SerializedString("outcome");
    private static final SerializableString RESIDENT_CODE = new SerializedString("residentCode");
    private static final SerializableString MY_NUMBER = new SerializedString("myNumber");
    private static final SerializableString PERSON = new SerializedString("person");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString FAMILY = new SerializedString("family");
    private static final SerializableString GIVEN = new SerializedString("given");
    private static final SerializableString FAMILY_KANA = new SerializedString("familyKana");
    private static final SerializableString GIVEN_KANA = new SerializedString("givenKana");
    private static final SerializableString FORMER_SURNAME = new SerializedString("formerSurname");
    private static final SerializableString ALIAS = new SerializedString("alias");
    private static final SerializableString DATE_OF_BIRTH = new SerializedString("dateOfBirth");
    private static final SerializableString SEX = new SerializedString("sex");
    private static final SerializableString ADDRESS = new SerializedString("address");
    private static final SerializableString TEXT = new SerializedString("text");
    private static final SerializableString CHANGE = new SerializedString("change");
    private static final SerializableString REASON = new SerializedString("reason");
    private static final SerializableString EFFECTIVE_DATE = new SerializedString("effectiveDate");
    private static final SerializableString NOTIFIED_DATE = new SerializedString("notifiedDate");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString MOVED_TO = new SerializedString("movedTo");

    /** The select list that {@link #read} reads, for a {@code residents} row aliased {@code r}. */
    static final String COLUMNS = """
            r.identity ->> 'residentCode', r.identity ->> 'myNumber', r.identity #>> '{name,family}',
            r.identity #>> '{name,given}', r.identity #>> '{name,familyKana}', r.identity #>> '{name,givenKana}',
            r.identity #>> '{name,formerSurname}', r.identity #>> '{name,alias}', r.identity ->> 'dateOfBirth',
            r.identity ->> 'sex', r.identity #>> '{address,text}', r.identity ->> 'municipality', r.identity ->> 'status',
            r.identity #>> '{change,reason}', r.identity #>> '{change,effectiveDate}',
            r.identity #>> '{change,notifiedDate}', r.identity ->> 'residence', r.identity ->> 'movedTo'""";

    /** How many columns {@link #COLUMNS} has. */
    static final int COLUMN_COUNT = 18;

    /** The person in the {@link #COLUMN_COUNT} columns of {@code row} from {@code first} on. */
    static StoredPerson read(ResultSet row, int first) throws SQLException {
        String residence = row.getString(first + 16);
        return new StoredPerson(row.getString(first), row.getString(first + 1), row.getString(first + 2),
                row.getString(first + 3), row.getString(first + 4), row.getString(first + 5), row.getString(first + 6),
                row.getString(first + 7), row.getString(first + 8), row.getString(first + 9), row.getString(first + 10),
                row.getString(first + 11), row.getString(first + 12), row.getString(first + 13), row.getString(first + 14),
                row.getString(first + 15), residence == null ? 0 : Integer.parseInt(residence), row.getString(first + 17));
    }

    /** The person as the register stores {@code identity}. */
    public static StoredPerson of(IdentityInformation identity) {
        PersonName name = identity.name();
        ChangeInformation change = identity.change();
        return new StoredPerson(identity.residentCode().value(), identity.myNumber().value(), name.family(), name.given(),
                name.familyKana(), name.givenKana(), name.formerSurname(), name.alias(),
                identity.dateOfBirth().toString(), identity.sex().name(), identity.address().text(),
                identity.municipality().value(), identity.status().name(), change.reason().name(),
                change.effectiveDate().toString(), change.notifiedDate().toString(), identity.residence(),
                identity.movedTo() == null ? null : identity.movedTo().value());
    }

    /** The identity information, rebuilt and validated. */
    public IdentityInformation identity() {
        return new IdentityInformation(ResidentCode.of(residentCode), MyNumber.of(myNumber),
                new PersonName(family, given, familyKana, givenKana, formerSurname, alias), LocalDate.parse(dateOfBirth),
                Sex.valueOf(sex), new Address(address), LocalGovernmentCode.of(municipality), ResidentStatus.valueOf(status),
                new ChangeInformation(ChangeReason.valueOf(changeReason), LocalDate.parse(effectiveDate),
                        LocalDate.parse(notifiedDate)), residence, movedTo == null ? null : LocalGovernmentCode.of(movedTo));
    }

    /** Whether the person matches the sex and address of a lookup by 4 info ({@code null}: not asked). */
    boolean matches(Sex querySex, String normalizedAddress) {
        return (querySex == null || querySex.name().equals(sex))
                && (normalizedAddress == null || normalizedAddress.equals(NameNormalizer.normalize(address)));
    }

    /**
     * Writes what a recipient under a rule allowing {@code fields} receives, as line {@code line} of
     * a batch answer: the same JSON as {@code LookupResult.provided(identity(), fields).atLine(line)},
     * in the same order, with everything else absent.
     */
    public void writeProvided(JsonGenerator out, long line, Set<IdentityField> fields) {
        out.writeStartObject();
        out.writeName(LINE);
        out.writeNumber(line);
        out.writeName(OUTCOME);
        out.writeString(PROVIDED);
        if (fields.contains(IdentityField.RESIDENT_CODE)) {
            out.writeName(RESIDENT_CODE);
            out.writeString(residentCode);
        }
        if (fields.contains(IdentityField.MY_NUMBER)) {
            out.writeName(MY_NUMBER);
            out.writeString(myNumber);
        }
        boolean names = fields.contains(IdentityField.NAME);
        boolean kana = fields.contains(IdentityField.NAME_KANA);
        boolean former = fields.contains(IdentityField.FORMER_SURNAME_OR_ALIAS) && (formerSurname != null || alias != null);
        boolean address = fields.contains(IdentityField.ADDRESS);
        boolean sex = fields.contains(IdentityField.SEX);
        boolean born = fields.contains(IdentityField.DATE_OF_BIRTH);
        if (names || kana || former || address || sex || born) {
            out.writeName(PERSON);
            out.writeStartObject();
            if (names || kana || former) {
                out.writeName(NAME);
                out.writeStartObject();
                if (names) {
                    out.writeName(FAMILY);
                    out.writeString(family);
                    out.writeName(GIVEN);
                    out.writeString(given);
                }
                if (kana) {
                    out.writeName(FAMILY_KANA);
                    out.writeString(familyKana);
                    out.writeName(GIVEN_KANA);
                    out.writeString(givenKana);
                }
                if (former) {
                    writeIfPresent(out, FORMER_SURNAME, formerSurname);
                    writeIfPresent(out, ALIAS, alias);
                }
                out.writeEndObject();
            }
            if (born) {
                out.writeName(DATE_OF_BIRTH);
                out.writeString(dateOfBirth);
            }
            if (sex) {
                out.writeName(SEX);
                out.writeString(this.sex);
            }
            if (address) {
                out.writeName(ADDRESS);
                out.writeStartObject();
                out.writeName(TEXT);
                out.writeString(this.address);
                out.writeEndObject();
            }
            out.writeEndObject();
        }
        if (fields.contains(IdentityField.CHANGE_INFORMATION)) {
            out.writeName(CHANGE);
            out.writeStartObject();
            out.writeName(REASON);
            out.writeString(changeReason);
            out.writeName(EFFECTIVE_DATE);
            out.writeString(effectiveDate);
            out.writeName(NOTIFIED_DATE);
            out.writeString(notifiedDate);
            out.writeEndObject();
        }
        if (fields.contains(IdentityField.STATUS)) {
            out.writeName(STATUS);
            out.writeString(status);
            writeIfPresent(out, MOVED_TO, movedTo);
        }
        out.writeEndObject();
    }

    private static void writeIfPresent(JsonGenerator out, SerializableString name, String value) {
        if (value != null) {
            out.writeName(name);
            out.writeString(value);
        }
    }

    /** Shows the resident code only. */
    @Override
    public String toString() {
        return "StoredPerson[residentCode=" + residentCode + "]";
    }
}
