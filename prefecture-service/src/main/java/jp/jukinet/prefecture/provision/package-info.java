/**
 * The prefecture's provision of identity information (F5: 住基法 第30条の15, 別表第5/第6 and the
 * prefecture's ordinances) against its own register, and its provision records (F7). The rules,
 * checks, lookups and records are shared with the national server in
 * {@code jp.jukinet.provision}; this package is the prefecture server's HTTP face.
 */
package jp.jukinet.prefecture.provision;
