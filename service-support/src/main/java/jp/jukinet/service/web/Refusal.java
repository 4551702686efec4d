package jp.jukinet.service.web;

/**
 * A request the domain refuses, with the reason a caller can act on. Domain code throws it
 * without knowing HTTP; {@link ProblemAdvice} maps the {@link Kind} to a status and writes an
 * RFC 9457 problem. The detail must not contain personal data (no names, no My Numbers).
 */
public class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of refusal; each has a stable problem type. */
    public enum Kind {
        /** The request is well-formed but breaks a rule of the register (e.g. a death registered twice). */
        CONFLICT("conflict"),
        /** The named thing does not exist here. */
        NOT_FOUND("not-found"),
        /** The caller may not do this. */
        FORBIDDEN("forbidden"),
        /** A field holds a value the rules refuse. */
        INVALID("invalid-field"),
        /** A dependency (another tier) is not available now; the caller may retry. */
        UNAVAILABLE("unavailable"),
        /**
         * What was asked for cannot be given, for a reason the answer must not reveal (e.g. a copy of
         * a resident record refused under DV support measures looks like every other refusal).
         */
        NOT_ISSUABLE("not-issuable");

        private final String slug;

        Kind(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    private final Kind kind;
    private final String field;

    public Refusal(Kind kind, String field, String detail) {
        super(detail);
        this.kind = kind;
        this.field = field;
    }

    public static Refusal conflict(String field, String detail) {
        return new Refusal(Kind.CONFLICT, field, detail);
    }

    public static Refusal notFound(String field, String detail) {
        return new Refusal(Kind.NOT_FOUND, field, detail);
    }

    public static Refusal invalid(String field, String detail) {
        return new Refusal(Kind.INVALID, field, detail);
    }

    public static Refusal forbidden(String detail) {
        return new Refusal(Kind.FORBIDDEN, null, detail);
    }

    /** The caller may not do this with the value of {@code field} (e.g. a person it does not hold). */
    public static Refusal forbidden(String field, String detail) {
        return new Refusal(Kind.FORBIDDEN, field, detail);
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, or {@code null} when the refusal is about the request as a whole. */
    public String field() {
        return field;
    }
}
