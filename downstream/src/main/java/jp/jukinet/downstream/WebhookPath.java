package jp.jukinet.downstream;

/** Where a downstream system receives J-LIS's webhooks; its registered endpoint ends in this path. */
public final class WebhookPath {

    public static final String PATH = "/jukinet/events";

    private WebhookPath() {
    }
}
