package jp.jukinet.network;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * A node's clock that a test sets, so that a rule's validity (or a retention) is tested on the day
 * it is about instead of today: added to a node with {@link LocalNetwork#configure} and
 * {@link Injection}, read back with {@code network.bean(node, SettableClock.class)}.
 */
final class SettableClock extends Clock {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private volatile Instant now = Instant.now();

    /** Noon in Japan on {@code day}. */
    void setDay(LocalDate day) {
        now = day.atTime(LocalTime.NOON).atZone(JAPAN).toInstant();
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
        return now;
    }

    /** The node's clock is this one (it wins over the node's system clock). */
    @Configuration(proxyBeanMethods = false)
    static class Injection {

        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock();
        }
    }
}
