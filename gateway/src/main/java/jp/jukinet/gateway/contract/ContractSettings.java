package jp.jukinet.gateway.contract;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway keeps the nodes' documents it builds the contract from.
 *
 * @param cacheFor     how long a node's document is used before it is fetched again
 * @param retryMissing how long a contract with a part missing is served before the missing
 *                     nodes are asked again
 * @param fetchTimeout connect and read timeout of one fetch
 */
@ConfigurationProperties("jukinet.gateway.contract")
public record ContractSettings(@DefaultValue("5m") Duration cacheFor, @DefaultValue("5s") Duration retryMissing,
                               @DefaultValue("5s") Duration fetchTimeout) {
}
