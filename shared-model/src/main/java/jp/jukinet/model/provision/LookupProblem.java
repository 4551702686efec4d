package jp.jukinet.model.provision;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why one line of a batch got no data: the same members as the RFC 9457 problem a single
 * lookup would get ({@code type}, {@code title}, {@code status}, {@code detail}, and
 * {@code field} where one field is at fault). The detail never carries personal data.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LookupProblem(String type, String title, int status, String detail, String field) {

    private static final String PREFIX = "urn:jukinet:problem:";

    public static LookupProblem invalidField(String field, String detail) {
        return new LookupProblem(PREFIX + "invalid-field", "Invalid field", 400, field + ": " + detail, field);
    }

    public static LookupProblem malformed(String detail) {
        return new LookupProblem(PREFIX + "malformed-request", "Malformed request", 400, detail, null);
    }

    public static LookupProblem forbidden(String field, String detail) {
        return new LookupProblem(PREFIX + "forbidden", "Forbidden", 403, detail, field);
    }

    public static LookupProblem notFound(String field, String detail) {
        return new LookupProblem(PREFIX + "not-found", "Not found", 404, detail, field);
    }

    public static LookupProblem unavailable(String detail) {
        return new LookupProblem(PREFIX + "unavailable", "Temporarily unavailable", 503, detail, null);
    }
}
