package jp.jukinet.downstream.holding;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.agency.NonceStore;

/**
 * The agency kit's {@link NonceStore} in the system's database, as the kit advises for a receiver
 * that restarts: a webhook request captured and sent again within its window is refused also after a
 * restart. The primary key makes "first seen" atomic.
 */
class JdbcNonceStore implements NonceStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcNonceStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean firstSeen(String nonce, Instant forgetAfter) {
        jdbc.sql("DELETE FROM webhook_nonces WHERE forget_after < ?").param(clock.instant().atOffset(ZoneOffset.UTC)).update();
        return jdbc.sql("INSERT INTO webhook_nonces (nonce, forget_after) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING")
                .params(nonce, forgetAfter.atOffset(ZoneOffset.UTC)).update() == 1;
    }
}
