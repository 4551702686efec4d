package jp.jukinet.window.web;

import tools.jackson.databind.JsonNode;

import jp.jukinet.model.json.JukiNetJson;

/**
 * The CS's JSON as the pages read it: maps, lists and plain values, so that a template writes
 * {@code resident.person.name.family}. An answer without a body is {@code null}.
 */
final class JsonView {

    private JsonView() {
    }

    static Object of(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return null;
        }
        return JukiNetJson.mapper().convertValue(json, Object.class);
    }
}
