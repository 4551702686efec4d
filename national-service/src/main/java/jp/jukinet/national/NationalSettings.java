package jp.jukinet.national;

import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the national server.
 *
 * @param retention how long identity information is kept from the date it was notified; the
 *                  statute says 150 years (住基法 第30条の6 etc.), and only tests shorten it
 */
@ConfigurationProperties("jukinet.national")
public record NationalSettings(@DefaultValue("150y") Period retention) {
}
