package jp.jukinet.model;

/**
 * Thrown when a value offered to the model is refused: a malformed code, an impossible date,
 * text that is blank, too long or malformed.
 *
 * <p>{@link #field()} names the offending field as it appears in JSON at its usual place
 * (for example {@code "residentCode"}, {@code "dateOfBirth"}, {@code "name.familyKana"}), so
 * that the HTTP layer can answer with an RFC 9457 problem naming it. Where a value is carried
 * under another name (for example a resident code in {@code "previousResidentCode"}), the
 * caller re-homes the exception with {@link #withField(String)}.
 *
 * <p>Messages never contain personal data such as a My Number or a resident code: they
 * describe what is wrong ("12 digits expected", "check digit does not match"), because
 * exception messages end up in logs and problem responses.
 */
public class InvalidValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    /**
     * @param field  the JSON name of the refused field, not blank
     * @param reason what is wrong, in English, without the offending value when it is personal data
     */
    public InvalidValueException(String field, String reason) {
        this(field, reason, null);
    }

    private InvalidValueException(String field, String reason, Throwable cause) {
        super(field + ": " + reason, cause);
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("field must name the refused value");
        }
        this.field = field;
        this.reason = reason;
    }

    /** The refused field as named in JSON, dotted for nested fields ({@code "name.familyKana"}). */
    public String field() {
        return field;
    }

    /** What is wrong, without the field name (the message is {@code field + ": " + reason}). */
    public String reason() {
        return reason;
    }

    /**
     * The same refusal attributed to another field, for values carried under a name other than
     * their usual one. This exception becomes the cause so the original stack stays visible.
     */
    public InvalidValueException withField(String otherField) {
        return new InvalidValueException(otherField, reason, this);
    }
}
