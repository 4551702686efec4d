/**
 * The change notices that travel up the chain CS → prefecture → national, with the node ids
 * that number them and the acknowledgements that end their retries.
 */
package jp.jukinet.model.notice;
