/**
 * The prefecture's own use of its register (住基法 第30条の15第1項), apart from its provision to
 * other bodies (第2項): the consents of item 3 (recorded, revocable by the person) and the
 * statistics of item 4 (aggregates, never a person). Uses under items 1 and 2 (別表第5 and
 * ordinance tasks) are lookups like a provision and are served, checked and recorded by
 * {@code jp.jukinet.provision}; so are item-3 uses, which ask {@link
 * jp.jukinet.prefecture.use.UseConsentRegister} whether the person consented.
 */
package jp.jukinet.prefecture.use;
