/**
 * Moves between municipalities (flow F3): the 転出届 (which removes the record) and the 転入届 the
 * clerks register (through {@code registration}), the 転出証明書情報 of a card-based move-out and the
 * 転入通知 this CS exchanges with other CSs through the gateway (peer outbox and ordered inbox), the
 * paper 転出証明書 of an ordinary one and its check against J-LIS, cancellations (転出取消, which
 * restore the record), and what a clerk sees of it all.
 */
package jp.jukinet.cs.moves;
