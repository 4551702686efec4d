/**
 * The envelope of messages between nodes of the same tier (CS to CS: 転出証明書情報, 転入通知):
 * numbered per destination by the sender, delivered at least once through the gateway, applied
 * in order and exactly once in effect by the receiver.
 */
package jp.jukinet.model.peer;
