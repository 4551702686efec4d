/**
 * Wide-area issuance of resident-record copies (住民票の写しの広域交付, 住基法 第12条の4, flow F4): as
 * the issuer (C), a clerk asks the holder of the record (A) through the gateway and hands the copy
 * over; as the holder, this CS answers with the copy's contents or a refusal that reveals nothing.
 * Both ends record every request, refusals included, in {@code record_copy_log}.
 */
package jp.jukinet.cs.copies;
