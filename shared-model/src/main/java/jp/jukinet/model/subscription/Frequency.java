package jp.jukinet.model.subscription;

/**
 * How often the webhook of a batched subscription carries what its feed gathered (the seed's
 * survey: 日次・週次・月次). The feed itself is written as changes happen, so pull always reads
 * everything up to the present.
 */
public enum Frequency {
    DAILY,
    WEEKLY,
    MONTHLY
}
