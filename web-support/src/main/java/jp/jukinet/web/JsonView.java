package jp.jukinet.web;

import tools.jackson.databind.JsonNode;

import jp.jukinet.model.json.JukiNetJson;

/**
 * A node's answer as the pages read it: maps, lists and plain values, so that a template writes
 * {@code resident.person.name.family}. An answer without a body (or JSON null) is {@code null}.
 */
public final class JsonView {

    private JsonView() {
    }

    /** {@code answer} (a {@link JsonNode}, or a record of the wire model) as maps, lists and values. */
    public static Object of(Object answer) {
        if (answer == null || answer instanceof JsonNode json && (json.isNull() || json.isMissingNode())) {
            return null;
        }
        return JukiNetJson.mapper().convertValue(answer, Object.class);
    }
}
