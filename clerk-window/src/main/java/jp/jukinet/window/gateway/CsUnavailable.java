package jp.jukinet.window.gateway;

/**
 * The gateway or the CS could not be reached, or did not answer in time. Nothing the clerk sent is
 * known to be registered or not; a registration may be sent again with the same Idempotency-Key.
 */
public final class CsUnavailable extends RuntimeException {

    CsUnavailable(String call, Throwable cause) {
        super("the CS could not be reached (" + call + "): " + cause.getClass().getSimpleName(), cause);
    }
}
