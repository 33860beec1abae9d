package dev.weft.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.OperationJson;
import dev.weft.ot.TextOperation;

/** The server's one Jackson mapper, and the conversions between operations and JSON trees. */
final class Json {
    /** Refuses trailing content, so {@code {"type":"ping"} junk} is not half-read as a ping. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses JSON text to a tree; {@link JsonProcessingException} if it is not well-formed. */
    static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree built from plain nodes always serializes; failing here is a bug.
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static ArrayNode operation(TextOperation op) {
        return MAPPER.valueToTree(OperationJson.toTree(op));
    }

    /**
     * Reads an operation from its JSON tree.
     *
     * @throws dev.weft.ot.InvalidOperationException if the tree is not a valid operation
     */
    static TextOperation operation(JsonNode tree) {
        return OperationJson.fromTree(MAPPER.convertValue(tree, Object.class));
    }

    /**
     * Reads and writes a message once, so the mapper's first use (about half a second of class
     * loading and setup on a cold JVM) happens on a thread of its own while the store opens,
     * not while the first client waits after a restart.
     */
    static void warmUp() {
        try {
            JsonNode submit = parse("{\"type\":\"submit\",\"doc\":\"warm-up\",\"v\":0,\"seq\":1,\"op\":[1,\"x\",{\"d\":1}]}");
            TextOperation op = operation(submit.get("op"));
            ObjectNode echo = object();
            echo.set("op", operation(op));
            write(echo);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the warm-up message does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
