package jp.jukinet.window.gateway;

import tools.jackson.databind.JsonNode;

/**
 * The CS (or the gateway in front of it) refused a call: the status and the problem it answered
 * (RFC 9457), whose {@code field} names what the clerk must correct. The problem's detail may quote
 * what was typed, so it is shown to the clerk who typed it and never logged.
 */
public final class CsRefusal extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final String field;

    CsRefusal(int status, JsonNode problem) {
        super("the CS answered " + status);
        this.status = status;
        this.type = text(problem, "type");
        this.title = text(problem, "title");
        this.detail = text(problem, "detail");
        this.field = text(problem, "field");
    }

    private static String text(JsonNode problem, String name) {
        return problem != null && problem.hasNonNull(name) ? problem.get(name).asString() : null;
    }

    public int status() {
        return status;
    }

    /** The problem's stable type URI; {@code null} when the answer was no problem document. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** The request field at fault ({@code person.name.familyKana}); {@code null} for the request as a whole. */
    public String field() {
        return field;
    }

    /** Whether the problem's type ends in {@code suffix}, e.g. {@code not-issuable}. */
    public boolean isType(String suffix) {
        return type != null && type.endsWith("/" + suffix);
    }
}
