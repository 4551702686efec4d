/**
 * Numbering (flow F1): the national server hands out blocks of resident codes drawn at random,
 * none ever allocated twice, and derives every My Number from its resident code by a keyed
 * transformation (My Number Act Art. 8), recording each number it ever issued so that none is
 * issued twice. It answers a municipality only about the codes it owns, from the national
 * register and the allocations ({@link jp.jukinet.national.numbering.NumberingOwnership}).
 */
package jp.jukinet.national.numbering;
