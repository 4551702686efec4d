package jp.jukinet.cluster;

/** The cluster cannot start (or go on); the message says why in words an operator can act on. */
final class ClusterException extends RuntimeException {

    ClusterException(String message) {
        super(message);
    }

    ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
