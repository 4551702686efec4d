/**
 * Numbering (flow F1): the national server hands out blocks of resident-code serials from one
 * counter that only grows, and derives every My Number from its resident code by a keyed
 * transformation (My Number Act Art. 8), recording each number it ever issued so that none is
 * issued twice.
 */
package jp.jukinet.national.numbering;
