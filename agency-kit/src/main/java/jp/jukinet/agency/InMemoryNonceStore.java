package jp.jukinet.agency;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link NonceStore} in this process's memory: enough for one receiving instance. An agency
 * that runs several instances behind one endpoint keeps its nonces where all of them see them
 * (its database, with a unique key on the nonce).
 */
public final class InMemoryNonceStore implements NonceStore {

    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryNonceStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean firstSeen(String nonce, Instant forgetAfter) {
        Instant now = clock.instant();
        seen.values().removeIf(until -> until.isBefore(now));
        return seen.putIfAbsent(nonce, forgetAfter) == null;
    }
}
