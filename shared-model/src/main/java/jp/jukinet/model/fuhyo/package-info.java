/**
 * 本籍 and the 戸籍の附票 (住基法 第16条〜第20条): the value the CS alone holds, and the 附票 notice
 * ({@link jp.jukinet.model.move.FuhyoNotice}, which rides the CS-to-CS stream beside the move
 * messages) that the municipality of residence sends to the municipality of the 本籍 (第19条第1項).
 */
package jp.jukinet.model.fuhyo;
