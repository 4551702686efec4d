package jp.jukinet.agency.client;

/**
 * How a streamed batch ended: how many lines were sent and how many answered. The national server
 * answers every line, in order, unless a chunk of lines cannot be looked up or recorded: those
 * lines are answered {@code FAILED} and the answer ends there, and the lines after the last one
 * answered were not processed and may be sent again.
 *
 * @param sent     request lines sent
 * @param answered answer lines received (each handed to the caller)
 */
public record BatchOutcome(long sent, long answered) {

    /** Whether every line sent was answered. */
    public boolean complete() {
        return sent == answered;
    }
}
