package jp.jukinet.window.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.move.PaperMoveOutCertificate;
import jp.jukinet.web.JapaneseDates;

/**
 * A 届出 form as the clerk typed it: every field as text, so that a form sent back with a problem
 * shows exactly what was typed. {@link #check} turns it into the CS's notification body, or into
 * the problems of its fields, with the same value types the CS checks with (so the clerk hears of a
 * wrong check digit or a reading not in katakana before anything is sent).
 *
 * @param idempotencyKey chosen when the form was opened: sending the form twice registers once
 */
public record NotificationForm(String idempotencyKey, String residentCode, String family, String given,
                               String familyKana, String givenKana, String dateOfBirth, String sex, String address,
                               String destinationMunicipality, String destinationAddress, String cardPresented,
                               String certificateBlock, String domicileMunicipality, String domicileText,
                               String domicileHead, String householdAction, String householdId, String relationship,
                               String newHead, String effectiveDate, String notifiedDate) {

    /** An empty form, its 届出年月日 today and a fresh Idempotency-Key. */
    public static NotificationForm empty(LocalDate today) {
        return new NotificationForm(java.util.UUID.randomUUID().toString(), null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, today.toString());
    }

    /** Every field as typed, by name ({@code ""} for none), for the page that shows the form again. */
    public Map<String, String> typed() {
        Map<String, String> typed = new java.util.LinkedHashMap<>();
        for (java.lang.reflect.RecordComponent component : NotificationForm.class.getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(this);
                typed.put(component.getName(), value == null ? "" : value.toString());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return typed;
    }

    /** The CS's request fields and the form fields that carry them, for the CS's problems. */
    static final Map<String, String> CS_FIELDS = Map.ofEntries(
            Map.entry("residentCode", "residentCode"),
            Map.entry("person.name.family", "family"),
            Map.entry("person.name.given", "given"),
            Map.entry("person.name.familyKana", "familyKana"),
            Map.entry("person.name.givenKana", "givenKana"),
            Map.entry("person.name", "family"),
            Map.entry("person.dateOfBirth", "dateOfBirth"),
            Map.entry("person.sex", "sex"),
            Map.entry("person.address", "address"),
            Map.entry("person.address.text", "address"),
            Map.entry("person", "family"),
            Map.entry("destination.municipality", "destinationMunicipality"),
            Map.entry("destination.address", "destinationAddress"),
            Map.entry("destination.address.text", "destinationAddress"),
            Map.entry("destination", "destinationMunicipality"),
            Map.entry("cardPresented", "cardPresented"),
            Map.entry("domicile.municipality", "domicileMunicipality"),
            Map.entry("domicile.text", "domicileText"),
            Map.entry("domicile.head", "domicileHead"),
            Map.entry("household.action", "householdAction"),
            Map.entry("household.householdId", "householdId"),
            Map.entry("household.relationship", "relationship"),
            Map.entry("household.newHead", "newHead"),
            Map.entry("effectiveDate", "effectiveDate"),
            Map.entry("notifiedDate", "notifiedDate"));

    /**
     * The form field that carries the CS's request field {@code csField} ({@code moveOutCertificate.…}
     * is the certificate's block; a field the form does not have is the form's).
     */
    static String formField(String csField) {
        if (csField == null) {
            return FieldProblems.FORM;
        }
        if (csField.startsWith(PaperMoveOutCertificate.FIELD)) {
            return "certificateBlock";
        }
        String field = csField;
        while (true) {
            String mapped = CS_FIELDS.get(field);
            if (mapped != null) {
                return mapped;
            }
            int dot = field.lastIndexOf('.');
            if (dot < 0) {
                return field.startsWith("household") ? "householdAction" : FieldProblems.FORM;
            }
            field = field.substring(0, dot);
        }
    }

    /** The body to send, or the problems found; exactly one is present. */
    public record Checked(ObjectNode body, FieldProblems problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Checks the form for {@code todoke} and builds the CS's notification body.
     *
     * @param today Japan's date: the 届出年月日 when none was typed
     */
    public Checked check(Todoke todoke, LocalDate today) {
        FieldProblems problems = new FieldProblems();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", todoke.type());
        if (todoke.has(Todoke.Part.RESIDENT)) {
            ResidentCode code = required("residentCode", residentCode, problems, () -> ResidentCode.of(residentCode.strip()));
            if (code != null) {
                body.put("residentCode", code.value());
            }
        }
        ObjectNode person = JsonNodeFactory.instance.objectNode();
        if (todoke.has(Todoke.Part.NEW_PERSON)) {
            name(true, problems, person);
            LocalDate born = date("dateOfBirth", dateOfBirth, true, problems);
            if (born != null) {
                person.put("dateOfBirth", born.toString());
            }
            sex(true, problems, person);
            address("address", address, true, problems, person);
        }
        if (todoke.has(Todoke.Part.NEW_NAME)) {
            name(true, problems, person);
        }
        if (todoke.has(Todoke.Part.NEW_ADDRESS)) {
            address("address", address, true, problems, person);
        }
        if (todoke.has(Todoke.Part.NEW_ADDRESS_OPTIONAL)) {
            address("address", address, false, problems, person);
        }
        if (todoke.has(Todoke.Part.CORRECTED)) {
            name(false, problems, person);
            LocalDate born = date("dateOfBirth", dateOfBirth, false, problems);
            if (born != null) {
                person.put("dateOfBirth", born.toString());
            }
            sex(false, problems, person);
            address("address", address, false, problems, person);
            if (person.isEmpty() && problems.isEmpty()) {
                problems.required("corrected");
            }
        }
        if (!person.isEmpty()) {
            body.set("person", person);
        }
        if (todoke.has(Todoke.Part.DESTINATION)) {
            destination(problems, body);
            body.put("cardBased", todoke.cardBased());
        }
        if (todoke.has(Todoke.Part.CARD_PRESENTED)) {
            if (!"true".equals(cardPresented)) {
                problems.required("cardPresented");
            }
            body.put("cardPresented", true);
        }
        if (todoke.has(Todoke.Part.CERTIFICATE)) {
            certificate(problems, body);
        }
        if (todoke.has(Todoke.Part.DOMICILE)) {
            domicile(problems, body);
        }
        if (todoke.has(Todoke.Part.HOUSEHOLD)) {
            household(problems, body);
        }
        if (todoke.has(Todoke.Part.DATES)) {
            LocalDate effective = date("effectiveDate", effectiveDate, true, problems);
            LocalDate notified = date("notifiedDate", notifiedDate, false, problems);
            if (notified == null && !problems.has("notifiedDate")) {
                notified = today;
            }
            if (notified != null && notified.isAfter(today)) {
                problems.invalid("notifiedDate", "届出年月日 is after today");
            }
            if (effective != null) {
                body.put("effectiveDate", effective.toString());
            }
            if (notified != null) {
                body.put("notifiedDate", notified.toString());
            }
        }
        return problems.isEmpty() ? new Checked(body, problems) : new Checked(null, problems);
    }

    private void name(boolean required, FieldProblems problems, ObjectNode person) {
        boolean typed = !blank(family) || !blank(given) || !blank(familyKana) || !blank(givenKana);
        if (!typed && !required) {
            return;
        }
        boolean complete = true;
        Map<String, String> parts = new java.util.LinkedHashMap<>();
        parts.put("family", nz(family));
        parts.put("given", nz(given));
        parts.put("familyKana", nz(familyKana));
        parts.put("givenKana", nz(givenKana));
        for (Map.Entry<String, String> part : parts.entrySet()) {
            if (part.getValue().isBlank()) {
                problems.required(part.getKey());
                complete = false;
            }
        }
        if (!complete) {
            return;
        }
        try {
            PersonName name = PersonName.of(family.strip(), given.strip(), familyKana.strip(), givenKana.strip());
            ObjectNode node = person.putObject("name");
            node.put("family", name.family());
            node.put("given", name.given());
            node.put("familyKana", name.familyKana());
            node.put("givenKana", name.givenKana());
        } catch (InvalidValueException e) {
            // name.familyKana -> familyKana
            problems.invalid(e.field().substring(e.field().indexOf('.') + 1), e.reason());
        }
    }

    private void sex(boolean required, FieldProblems problems, ObjectNode person) {
        if (blank(sex)) {
            if (required) {
                problems.required("sex");
            }
            return;
        }
        try {
            person.put("sex", Sex.valueOf(sex.strip()).name());
        } catch (IllegalArgumentException e) {
            problems.invalid("sex", "MALE or FEMALE");
        }
    }

    private static void address(String field, String text, boolean required, FieldProblems problems, ObjectNode into) {
        if (blank(text)) {
            if (required) {
                problems.required(field);
            }
            return;
        }
        try {
            into.putObject("address").put("text", new Address(text.strip()).text());
        } catch (InvalidValueException e) {
            problems.invalid(field, e.reason());
        }
    }

    private void destination(FieldProblems problems, ObjectNode body) {
        LocalGovernmentCode lg = required("destinationMunicipality", destinationMunicipality, problems,
                () -> LocalGovernmentCode.of(destinationMunicipality.strip()));
        ObjectNode destination = JsonNodeFactory.instance.objectNode();
        if (lg != null) {
            destination.put("municipality", lg.value());
        }
        address("destinationAddress", destinationAddress, true, problems, destination);
        body.set("destination", destination);
    }

    private void certificate(FieldProblems problems, ObjectNode body) {
        if (blank(certificateBlock)) {
            problems.required("certificateBlock");
            return;
        }
        try {
            ObjectNode paper = CertificateBlock.read(certificateBlock);
            body.set(PaperMoveOutCertificate.FIELD, paper);
            if (!body.hasNonNull("residentCode") && paper.hasNonNull("residentCode")) {
                // the person is the one the paper names (the CS checks the paper against J-LIS's record of the removal)
                body.put("residentCode", paper.get("residentCode").asString());
            }
        } catch (InvalidValueException e) {
            problems.invalid("certificateBlock", e.reason());
        }
    }

    private void domicile(FieldProblems problems, ObjectNode body) {
        if (blank(domicileMunicipality) && blank(domicileText) && blank(domicileHead)) {
            return; // none: a foreign resident, say
        }
        ObjectNode domicile = JsonNodeFactory.instance.objectNode();
        LocalGovernmentCode lg = required("domicileMunicipality", domicileMunicipality, problems,
                () -> LocalGovernmentCode.of(domicileMunicipality.strip()));
        if (lg != null) {
            domicile.put("municipality", lg.value());
        }
        if (blank(domicileText)) {
            problems.required("domicileText");
        } else {
            domicile.put("text", domicileText.strip());
        }
        if (blank(domicileHead)) {
            problems.required("domicileHead");
        } else {
            domicile.put("head", domicileHead.strip());
        }
        body.set("domicile", domicile);
    }

    private void household(FieldProblems problems, ObjectNode body) {
        if (blank(householdAction)) {
            problems.required("householdAction");
            return;
        }
        ObjectNode household = JsonNodeFactory.instance.objectNode();
        switch (householdAction.strip()) {
            case "CHANGE_HEAD", "NEW" -> household.put("action", householdAction.strip());
            case "JOIN" -> {
                household.put("action", "JOIN");
                java.util.UUID id = required("householdId", householdId, problems,
                        () -> java.util.UUID.fromString(householdId.strip()));
                if (id != null) {
                    household.put("householdId", id.toString());
                }
                if (blank(relationship)) {
                    problems.required("relationship");
                } else {
                    household.put("relationship", relationship.strip());
                }
            }
            default -> problems.invalid("householdAction", "NEW, JOIN or CHANGE_HEAD");
        }
        if (!blank(newHead)) {
            try {
                household.put("newHead", ResidentCode.of(newHead.strip()).value());
            } catch (InvalidValueException e) {
                problems.invalid("newHead", e.reason());
            }
        }
        body.set("household", household);
    }

    private static LocalDate date(String field, String typed, boolean required, FieldProblems problems) {
        if (blank(typed)) {
            if (required) {
                problems.required(field);
            }
            return null;
        }
        try {
            return JapaneseDates.parse(typed.strip());
        } catch (DateTimeParseException e) {
            problems.invalid(field, e.getMessage());
            return null;
        }
    }

    private static <T> T required(String field, String typed, FieldProblems problems, Supplier<T> parse) {
        if (blank(typed)) {
            problems.required(field);
            return null;
        }
        try {
            return parse.get();
        } catch (InvalidValueException e) {
            problems.invalid(field, e.reason());
            return null;
        } catch (IllegalArgumentException e) {
            problems.invalid(field, null);
            return null;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }

    /** Shows no field: the form holds personal data. */
    @Override
    public String toString() {
        return "NotificationForm[idempotencyKey=" + idempotencyKey + "]";
    }
}
