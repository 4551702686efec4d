package jp.jukinet.prefecture.rebuild;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rebuild of this prefecture server from its CSs (F8), {@code jukinet.prefecture.rebuild.*}.
 *
 * @param start       {@code true}: when this server starts with an empty register (its database was lost
 *                    and created again), it enters {@code REBUILDING} instead of serving as a new
 *                    prefecture server; an operator then runs the rebuild ({@code POST /actuator/rebuild})
 * @param sources     the CSs the register is rebuilt from ({@code cs-NNNNNN}), every municipality of this
 *                    prefecture; with them set, a server that starts with an empty register is
 *                    {@code CHECKING} until they have answered whether they hold data. A CS of another
 *                    prefecture: the server does not start
 * @param gateway     the gateway's base URL (snapshots are read through it, route {@code cs-register-snapshot});
 *                    {@code jukinet.outbox.uplink} when not set
 * @param sslBundle   the client certificate this server presents to the gateway
 * @param verifyWait  how long the rebuild waits, when every CS is loaded, for this server's notice stream to
 *                    J-LIS to be verified (what J-LIS holds of it taken back) before it fails and can be run again
 */
@ConfigurationProperties("jukinet.prefecture.rebuild")
public record PrefectureRebuildSettings(@DefaultValue("false") boolean start, @DefaultValue List<String> sources,
                                        URI gateway, @DefaultValue("node") String sslBundle,
                                        @DefaultValue("60s") Duration verifyWait) {

    public PrefectureRebuildSettings {
        sources = List.copyOf(sources);
        for (String source : sources) {
            if (!source.matches("cs-\\d{6}")) {
                throw new IllegalArgumentException("jukinet.prefecture.rebuild.sources must list CSs (cs-NNNNNN); got '"
                        + source + "'");
            }
        }
    }
}
