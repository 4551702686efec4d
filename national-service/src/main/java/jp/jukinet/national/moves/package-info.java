/**
 * What J-LIS tells the municipality a person moves to about the person's removal by 転出 (F3): the
 * check of a paper 転出証明書 before its 転入届 is registered.
 */
package jp.jukinet.national.moves;
