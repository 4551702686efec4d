/** The JSON mapping shared by every node for the wire types of this module. */
package jp.jukinet.model.json;
