/**
 * Every node's own OpenAPI document, made a contract by springdoc customizers shared by all nodes
 * (issue #17): the {@code mutualTLS} security scheme applied globally, the RFC 9457 problem
 * responses each operation can give with their stable {@code type} URIs, and the limits of the
 * wire format (patterns and lengths of codes and text, array and integer bounds) taken from the
 * shared model's value types. The gateway builds its one external contract from these documents.
 */
package jp.jukinet.service.openapi;
