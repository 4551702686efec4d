package jp.jukinet.service.operator;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import jp.jukinet.service.security.PeerIdentityFilter;

/** Who is calling an operator endpoint, for its log line. */
final class Operators {

    private Operators() {
    }

    /** The operator calling (the filter let only {@code operator-*} through to the actuator); "(unknown)" outside a request. */
    static String caller() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return "(unknown)";
        }
        Object caller = request.getAttribute(PeerIdentityFilter.CALLER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (caller == null) {
            caller = request.getAttribute(PeerIdentityFilter.PEER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        }
        return caller == null ? "(unknown)" : caller.toString();
    }
}
