/**
 * Wide-area issuance of resident-record copies (住民票の写しの広域交付, 住基法 第12条の4, flow F4):
 * the request the issuing CS (C) sends the CS holding the record (A) through the gateway, and A's
 * answer. A refusal carries no reason: whatever the cause (no such resident, moved out, died, DV
 * support measures, not the person or their household), C learns only that no copy can be issued.
 */
package jp.jukinet.model.copy;
