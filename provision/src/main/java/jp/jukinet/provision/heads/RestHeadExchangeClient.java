package jp.jukinet.provision.heads;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** {@link HeadExchangeClient} over the nodes' mutual-TLS client, through the gateway. */
public class RestHeadExchangeClient implements HeadExchangeClient {

    private final RestClient gateway;

    public RestHeadExchangeClient(RestClient gateway) {
        this.gateway = gateway;
    }

    @Override
    public HeldHeads held(String peer, boolean latestOnly) {
        return gateway.get().uri(HeadExchangeClient.path(peer) + "?latest={latest}", latestOnly).retrieve()
                .body(HeldHeads.class);
    }

    @Override
    public HeadReceipt push(String peer, SignedHead head) {
        return gateway.post().uri(HeadExchangeClient.path(peer)).contentType(MediaType.APPLICATION_JSON).body(head)
                .retrieve().body(HeadReceipt.class);
    }
}
