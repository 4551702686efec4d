package jp.jukinet.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import jp.jukinet.model.json.JukiNetJson;

/**
 * A node's answer as the pages read it: maps, lists and plain values, so that a template writes
 * {@code resident.person.name.family}. An answer without a body (or JSON null) is {@code null}. A member
 * the answer leaves out reads as {@code null}, as JSON treats an absent member and a null one alike: the
 * nodes omit empty members, and a template's {@code resident.dvProtection != null} must not fail on it
 * (SpEL's map access finds only the keys a map contains).
 */
public final class JsonView {

    private JsonView() {
    }

    /** {@code answer} (a {@link JsonNode}, or a record of the wire model) as maps, lists and values. */
    public static Object of(Object answer) {
        if (answer == null || answer instanceof JsonNode json && (json.isNull() || json.isMissingNode())) {
            return null;
        }
        return view(JukiNetJson.mapper().convertValue(answer, Object.class));
    }

    private static Object view(Object value) {
        if (value instanceof Map<?, ?> map) {
            Members members = new Members();
            map.forEach((key, member) -> members.put(String.valueOf(key), view(member)));
            return members;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            list.forEach(item -> items.add(view(item)));
            return items;
        }
        return value;
    }

    /** A JSON object's members, in which every name is present: those the answer left out read as null. */
    static final class Members extends LinkedHashMap<String, Object> {

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String;
        }
    }
}
