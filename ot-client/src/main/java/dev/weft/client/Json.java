package dev.weft.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.InvalidOperationException;
import dev.weft.ot.OperationJson;
import dev.weft.ot.TextOperation;

/** The client's one Jackson mapper, and the conversions between operations and JSON trees. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static JsonNode operation(TextOperation op) {
        return MAPPER.valueToTree(OperationJson.toTree(op));
    }

    /** @throws InvalidOperationException if {@code node} is not an operation in ot-text-unicode's form */
    static TextOperation operation(JsonNode node) {
        return OperationJson.fromTree(MAPPER.convertValue(node, Object.class));
    }

    /** A JSON value as plain Java values: Map, List, String, Number, Boolean or null. */
    static Object plain(JsonNode node) {
        return node == null || node.isNull() ? null : MAPPER.convertValue(node, Object.class);
    }

    /** Plain Java values (or anything else Jackson can write) as a JSON tree. */
    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of JSON nodes always serializes; this would be a Jackson bug.
            throw new IllegalStateException("could not write a JSON tree", e);
        }
    }

    /** @throws IllegalArgumentException if {@code text} is not well-formed JSON */
    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not well-formed JSON: " + e.getOriginalMessage(), e);
        }
    }
}
