package jp.jukinet.service.register;

import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long identity information is kept from the day this node received the
 *                  notice of it (通知を受けた日から起算して150年, 住基法 第30条の6, 第30条の8): the
 *                  statute says 150 years; only tests shorten it
 */
@ConfigurationProperties("jukinet.register")
public record RegisterSettings(@DefaultValue("150y") Period retention) {

    public RegisterSettings {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("jukinet.register.retention must be positive");
        }
    }
}
