/**
 * The Java client an agency system embeds to call Juki-Net through the gateway
 * ({@link jp.jukinet.agency.client.AgencyClient}): mutual TLS from the PEM files the network's CA
 * issues, lookups single and in full-duplex NDJSON batches, subscriptions, their targets and feed,
 * and the agency kit's verifier of J-LIS's signed webhooks. Plain Java: no Spring.
 */
package jp.jukinet.agency.client;
