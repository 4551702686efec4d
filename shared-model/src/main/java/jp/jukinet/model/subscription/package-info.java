/**
 * Push-type notification (プッシュ型通知): what an agency subscribed under a provision rule
 * receives — the events of its feed, by signed webhook or by pull — in the form that the
 * national server writes and the agency-side kit reads.
 */
package jp.jukinet.model.subscription;
