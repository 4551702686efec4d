package jp.jukinet.admin;

/**
 * What {@code jukinet-admin} exits with, the same for every command, so a script branches on it
 * without reading the output.
 */
public final class ExitCode {

    /** Done; nothing found that the command was asked to report as a finding. */
    public static final int OK = 0;
    /**
     * A finding: a check failed, or what {@code --fail-if-any} / {@code --max-lag} asks about is
     * there (a parked notice, a non-empty outbox), or a node answered that the thing asked for is
     * not there or not in a state for it (a notice not parked, a release that failed again).
     */
    public static final int FINDING = 1;
    /** The command line or the network description is wrong: nothing was sent to any node. */
    public static final int USAGE = 2;
    /**
     * A node could not be reached, refused the certificate or the call (not an operator's), or
     * failed: the answer is missing or incomplete. What the other nodes answered is still printed.
     */
    public static final int NODE = 3;
    /** The tool itself failed (a bug): the message says where. */
    public static final int INTERNAL = 4;

    private ExitCode() {
    }
}
