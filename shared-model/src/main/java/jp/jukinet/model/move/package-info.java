/**
 * Moving between municipalities (flow F3): the messages one CS sends another through the gateway
 * (住基法 第9条第1項 転入通知, 第24条の2 転出証明書情報) and the DV support measures that travel with
 * a move.
 *
 * <p>A move has an id chosen by the CS where the person moved out (A) and is carried by every
 * message about it. A→B: {@link MoveOutCertificate}, then possibly {@link DvProtectionUpdate} or
 * {@link MoveOutWithdrawal} (card-based move-outs only); B→A: {@link MoveInNotification}. An
 * ordinary move-out sends B nothing: the person carries a {@link PaperMoveOutCertificate}, which B
 * checks with J-LIS ({@link MoveOutVerification}). None of these records prints personal data in
 * {@code toString()}.
 */
package jp.jukinet.model.move;
