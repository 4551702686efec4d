/**
 * Provision of identity information to agencies under the statute (F5: J-LIS, 住基法 第30条の9
 * to 第30条の12) and the provision records each resident can read (F7). The rules, checks,
 * lookups and records are shared with the prefecture servers in
 * {@code jp.jukinet.provision}; this package is the national server's HTTP face.
 */
package jp.jukinet.national.provision;
