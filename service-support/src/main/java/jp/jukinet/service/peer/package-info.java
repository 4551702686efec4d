/**
 * Messages between nodes of the same tier — today the CS-to-CS exchange of a move (転出証明書情報,
 * 転入通知) — through the gateway, with the guarantees of the notice chain: written to an outbox in
 * the transaction of the change they announce, numbered per destination, delivered at least once
 * with back-off per destination (one unreachable CS never holds up the others), and received by an
 * {@link jp.jukinet.service.notice.OrderedInbox}, so each applies exactly once and in order.
 */
package jp.jukinet.service.peer;
