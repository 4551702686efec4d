package jp.jukinet.national.rebuild;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rebuild of J-LIS from the prefecture servers (F8), {@code jukinet.national.rebuild.*}.
 *
 * @param start     {@code true}: when this server starts with an empty register (its database was
 *                  lost and created again), it enters {@code REBUILDING} instead of serving as a new
 *                  J-LIS; an operator then runs the rebuild ({@code POST /actuator/rebuild}). Set it
 *                  when starting J-LIS on a new database after a loss. An operator can also enter the
 *                  state on a running server whose register is empty (the same endpoint).
 * @param sources   the prefecture servers the register is rebuilt from ({@code pref-NN}), every
 *                  prefecture of the network; an empty list refuses every rebuild (nothing would be
 *                  restored)
 * @param gateway   the gateway's base URL: snapshots are read through it (route
 *                  {@code national-register-snapshot})
 * @param sslBundle the client certificate J-LIS presents to the gateway
 */
@ConfigurationProperties("jukinet.national.rebuild")
public record RebuildSettings(@DefaultValue("false") boolean start, @DefaultValue List<String> sources, URI gateway,
                              @DefaultValue("node") String sslBundle) {

    public RebuildSettings {
        sources = List.copyOf(sources);
        for (String source : sources) {
            if (!source.matches("pref-\\d{2}")) {
                throw new IllegalArgumentException("jukinet.national.rebuild.sources must list prefecture servers "
                        + "(pref-NN); got '" + source + "'");
            }
        }
    }
}
