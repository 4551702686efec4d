package jp.jukinet.gateway.firewall;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the gateway finds the CA's revocation list, and how often it reads it again.
 *
 * @param revocationList    the PEM X.509 CRL ({@code jukinet.gateway.revocation-list}, by default
 *                          {@code ca.crl} beside the CA certificate); no file means nothing is revoked
 * @param revocationRefresh how often it is read again ({@code jukinet.gateway.revocation-refresh}):
 *                          a revocation takes effect within this time
 */
@ConfigurationProperties("jukinet.gateway")
public record RevocationSettings(Path revocationList, @DefaultValue("2s") Duration revocationRefresh) {

    public RevocationSettings {
        if (revocationRefresh.isNegative() || revocationRefresh.isZero()) {
            throw new IllegalArgumentException("jukinet.gateway.revocation-refresh must be positive; got " + revocationRefresh);
        }
    }
}
