/**
 * DV support measures (DV等支援措置): a clerk of the person's municipality flags a resident, naming the
 * restricted requesters and an end date; while the flag stands, wide-area copies are refused to
 * anyone but the person (see {@code copies}), and the flag travels with a move (see {@code moves}).
 */
package jp.jukinet.cs.protection;
