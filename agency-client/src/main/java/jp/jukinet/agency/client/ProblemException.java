package jp.jukinet.agency.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The network refused a call: its answer was not 2xx. The members are those of the RFC 9457
 * problem the gateway or J-LIS answered with ({@code application/problem+json}): a stable
 * {@code type} URI (e.g. {@code urn:jukinet:problem:forbidden}), a title, a detail, and the
 * {@code field} at fault where there is one. An answer without a problem body (a proxy's, say) gives
 * type {@code about:blank} and the status only.
 *
 * <p>{@link #getMessage()} holds the status, type, title and field, never the detail: an agency's
 * logs are no place for what a detail may say of a person. Read {@link #detail()} where it is shown
 * to someone entitled to it.
 */
public class ProblemException extends RuntimeException {

    /** The problem type of an answer that carried no problem. */
    public static final String ABOUT_BLANK = "about:blank";

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final String field;
    private final Duration retryAfter;

    /**
     * @param retryAfter the answer's {@code Retry-After}, or {@code null}
     */
    public ProblemException(int status, String type, String title, String detail, String field, Duration retryAfter) {
        super(status + " " + (type == null ? ABOUT_BLANK : type) + (title == null ? "" : " (" + title + ")")
                + (field == null ? "" : ", field " + field));
        this.status = status;
        this.type = type == null ? ABOUT_BLANK : type;
        this.title = title;
        this.detail = detail;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, e.g. 403. */
    public int status() {
        return status;
    }

    /** The problem's stable type URI; {@value #ABOUT_BLANK} when the answer carried no problem. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The problem's explanation; may name what was sent, so keep it out of logs. */
    public String detail() {
        return detail;
    }

    /** The request's field at fault (e.g. {@code basis}, {@code fourInfo.dateOfBirth}), or {@code null}. */
    public String field() {
        return field;
    }

    /**
     * How long to wait before trying again, from the answer's {@code Retry-After} (given with 429:
     * a limit of the gateway's was reached, and 503).
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether the gateway refused the call for a limit of the caller's (429). */
    public boolean rateLimited() {
        return status == 429;
    }
}
