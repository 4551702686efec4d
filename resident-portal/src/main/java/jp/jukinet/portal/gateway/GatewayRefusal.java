package jp.jukinet.portal.gateway;

/**
 * The network refused a resident's call, or could not be reached ({@link #status()} 503): the status and
 * the problem's field and detail, shown to the resident who made the call and logged without them.
 */
public final class GatewayRefusal extends RuntimeException {

    private final int status;
    private final String field;
    private final String detail;

    GatewayRefusal(int status, String field, String detail) {
        super("the network answered " + status);
        this.status = status;
        this.field = field;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public String detail() {
        return detail;
    }
}
