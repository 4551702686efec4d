/**
 * Identity information (本人確認情報): the 4 info, the numbers, status and change information,
 * and the normalisation under which names are matched.
 */
package jp.jukinet.model.identity;
