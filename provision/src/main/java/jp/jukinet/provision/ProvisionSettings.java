package jp.jukinet.provision;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of provision (F5) and its records (F7), {@code jukinet.provision.*}.
 *
 * @param rules          where the versioned rules file is, as a Spring resource location
 *                       ({@code classpath:provision-rules-national.json}, {@code file:/etc/jukinet/rules.json});
 *                       provision is switched on by setting it, and the service does not start
 *                       if the file is missing or malformed; prefixed {@code optional:}, a missing
 *                       file means no rule (a CS whose municipality has no 30-14 ordinance)
 * @param zone           the time zone of "today" when a rule's validity is checked, and of the
 *                       days of a records query: the statute's dates are Japanese dates
 * @param batchChunk     how many lines of a batch are looked up, recorded and answered together
 * @param maxLineLength  the longest batch line accepted, in bytes
 * @param batchWorkers   how many chunks of batches are looked up at once, across all batches
 * @param recordGroup    the most records the recorder appends in one transaction
 * @param recordTimeout  how long a lookup waits for its records to be committed before it is
 *                       answered 503
 * @param pageSize       records per page for a resident, unless the request asks for fewer or more
 */
@ConfigurationProperties("jukinet.provision")
public record ProvisionSettings(String rules,
                                @DefaultValue("Asia/Tokyo") ZoneId zone,
                                @DefaultValue("1000") int batchChunk,
                                @DefaultValue("65536") int maxLineLength,
                                @DefaultValue("2") int batchWorkers,
                                @DefaultValue("10000") int recordGroup,
                                @DefaultValue("10s") Duration recordTimeout,
                                @DefaultValue("100") int pageSize) {

    public ProvisionSettings {
        if (batchChunk < 1 || batchWorkers < 1 || maxLineLength < 256 || recordGroup < 1 || pageSize < 1
                || pageSize > DiscloseProvisionRecords.MAX_PAGE) {
            throw new IllegalArgumentException("jukinet.provision: batch-chunk, batch-workers, record-group and page-size (≤ "
                    + DiscloseProvisionRecords.MAX_PAGE + ") must be positive, max-line-length at least 256");
        }
        if (recordTimeout.isNegative() || recordTimeout.isZero()) {
            throw new IllegalArgumentException("jukinet.provision.record-timeout must be positive");
        }
    }
}
