/**
 * Provision by the municipality (住基法 第30条の14, F5): this CS provides its identity information to
 * the executive bodies of other municipalities for the tasks its ordinance defines, under the rules of
 * its own rules file, each lookup recorded here (F7).
 */
package jp.jukinet.cs.provision;
