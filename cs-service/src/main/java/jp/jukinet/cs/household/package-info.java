/**
 * Households (世帯) at the CS (issue #13; seed pp.8–9, 11): the 世帯主 and each member's 続柄, the
 * CS's own data in {@code households} / {@code household_members}, entered and changed by 届出 —
 * the 世帯変更届 ({@code HOUSEHOLD_CHANGE}), and the {@code household} part of a birth, a 転入, a
 * 国外からの転入 or a 転居 — and left by a removed person (死亡, 転出, 国外転出). The wide-area copy
 * decides "member of the requester's household" from it ({@link
 * jp.jukinet.cs.household.Households#sameHousehold}), not from a shared address. Nothing of it goes up
 * the chain or to an agency; a copy that asks for it and the 転出証明書情報 carry the optional {@link
 * jp.jukinet.model.household.HouseholdItem}.
 */
package jp.jukinet.cs.household;
