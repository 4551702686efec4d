/**
 * The household (世帯) as it appears on the wire: only the optional item {@link
 * jp.jukinet.model.household.HouseholdItem} (世帯主 and 続柄). Households are the CS's own data.
 */
package jp.jukinet.model.household;
