/**
 * The model shared by every node of the network: value types that refuse bad input in their
 * constructors, and the versioned records that travel between tiers. No Spring, no JPA.
 *
 * <p>Every refusal is an {@link jp.jukinet.model.InvalidValueException} naming the JSON field.
 */
package jp.jukinet.model;
