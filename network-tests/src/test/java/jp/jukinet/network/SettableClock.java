package jp.jukinet.network;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * One clock for the nodes of a test network that a test moves to a given day: provision reads
 * "today" from it, so a rule's validity is tested on the day it starts or ends, without waiting.
 * It runs as the system clock until it is set. Add it to a node with
 * {@code network.withSource(node, SettableClock.Injection.class)} ({@link JapanInjection} for a CS).
 */
final class SettableClock extends Clock {

    /** The clock every node with {@link Injection} takes. */
    static final SettableClock CLOCK = new SettableClock();

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private volatile Instant fixed;

    private SettableClock() {
    }

    /** From now on it is noon of {@code day} in Japan, until set again. */
    void setDay(LocalDate day) {
        fixed = day.atTime(12, 0).atZone(JAPAN).toInstant();
    }

    /** Back to the system clock. */
    void reset() {
        fixed = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        SettableClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }

    @Override
    public Instant instant() {
        Instant at = fixed;
        return at == null ? Instant.now() : at;
    }

    /**
     * The clock as the node's primary {@link Clock}, in UTC as the national and prefecture servers'
     * own: provision (and anything else that asks) reads it.
     */
    @Configuration(proxyBeanMethods = false)
    static class Injection {

        @Bean
        @Primary
        Clock settableClock() {
            return CLOCK;
        }
    }

    /** The same for a CS, whose own clock is in Japan time (a 届出 is dated by the office's calendar). */
    @Configuration(proxyBeanMethods = false)
    static class JapanInjection {

        @Bean
        @Primary
        Clock settableClock() {
            return CLOCK.withZone(JAPAN);
        }
    }
}
