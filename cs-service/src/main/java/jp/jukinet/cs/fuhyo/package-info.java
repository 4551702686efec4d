/**
 * 本籍 and the 戸籍の附票 at the CS (住基法 第19条第1項; issue #13). The 本籍 is a CS-only item, held in
 * {@code permanent_domiciles} ({@link jp.jukinet.cs.fuhyo.Domiciles}): entered by the clerk with a
 * birth, a 転入 or a 国外からの転入, changed by a 本籍の変更 (転籍), never part of the identity
 * information. Whenever a record is created or its address changes, {@link
 * jp.jukinet.cs.fuhyo.FuhyoNotices} writes the 附票 notice in the registration's transaction: through
 * the peer outbox to the CS of the 本籍地, or straight into this CS's own 附票 when the 本籍 is here. A
 * person without a row (foreign resident, 本籍不明) produces no notice. {@link
 * jp.jukinet.cs.fuhyo.FuhyoReceiver} is the 本籍地's side.
 */
package jp.jukinet.cs.fuhyo;
