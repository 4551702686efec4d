/**
 * The wire contract of numbering (flow F1): a municipality asks the national server, through its
 * prefecture, for a block of random resident codes, and for the My Numbers of the resident codes
 * it gives out or holds. Every request names the municipality it is for, and both requests carry a
 * request id so that a retry gets the same answer.
 */
package jp.jukinet.model.numbering;
