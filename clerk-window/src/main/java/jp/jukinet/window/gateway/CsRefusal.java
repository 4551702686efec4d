package jp.jukinet.window.gateway;

import jp.jukinet.web.GatewayProblem;

/**
 * The CS (or the gateway in front of it) refused a call: the status and the problem it answered,
 * whose {@code field} names what the clerk must correct. The problem's detail may quote what was
 * typed, so it is shown to the clerk who typed it and never logged.
 */
public final class CsRefusal extends RuntimeException {

    private final GatewayProblem problem;

    CsRefusal(GatewayProblem problem) {
        super("the CS answered " + problem.status());
        this.problem = problem;
    }

    public int status() {
        return problem.status();
    }

    /** The problem's stable type URI; {@code null} when the answer was no problem document. */
    public String type() {
        return problem.type();
    }

    public String title() {
        return problem.title();
    }

    public String detail() {
        return problem.detail();
    }

    /** The request field at fault ({@code person.name.familyKana}); {@code null} for the request as a whole. */
    public String field() {
        return problem.field();
    }

    /** Whether the problem's type ends in {@code suffix}, e.g. {@code not-issuable}. */
    public boolean isType(String suffix) {
        return problem.isType(suffix);
    }
}
