/**
 * Moves between municipalities (flow F3): the 転出届 and the 転入届 the clerks register (through
 * {@code registration}), the 転出証明書情報 and 転入通知 this CS exchanges with other CSs through the
 * gateway (peer outbox and ordered inbox), cancellations, and what a clerk sees of it all.
 */
package jp.jukinet.cs.moves;
