package dev.weft.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.Selection;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One message from a client: a JSON object whose fields are read with the checks of
 * docs/protocol.md. Every reader throws a {@link ProtocolError} that names the field and what was
 * wrong with it; unknown fields are ignored.
 */
final class ClientMessage {
    static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_REF_LENGTH = 64;

    private final ObjectNode node;

    private ClientMessage(ObjectNode node) {
        this.node = node;
    }

    /**
     * Parses one text frame.
     *
     * @throws ProtocolError {@code BAD_JSON} if the frame is not a JSON object
     */
    static ClientMessage parse(String text) {
        JsonNode parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolError(ErrorCode.BAD_JSON, "the message is not well-formed JSON: " + e.getOriginalMessage());
        }
        if (parsed == null || !parsed.isObject()) {
            throw new ProtocolError(ErrorCode.BAD_JSON, "a message must be a JSON object, was "
                    + (parsed == null ? "empty" : parsed.getNodeType().name().toLowerCase()));
        }
        return new ClientMessage((ObjectNode) parsed);
    }

    /** The {@code type} field, or null if it is missing or not a string. */
    String type() {
        JsonNode type = node.get("type");
        return type != null && type.isTextual() ? type.textValue() : null;
    }

    /** The {@code ref} to copy into the answer; null when absent or unusable (too long, not a string). */
    String ref() {
        JsonNode ref = node.get("ref");
        return ref != null && ref.isTextual() && ref.textValue().length() <= MAX_REF_LENGTH ? ref.textValue() : null;
    }

    /** Checks {@code ref} if present: it must be a string of at most 64 characters. */
    void checkRef() {
        JsonNode ref = node.get("ref");
        if (ref != null && !ref.isNull() && (!ref.isTextual() || ref.textValue().length() > MAX_REF_LENGTH)) {
            throw ProtocolError.badMessage("ref must be a string of at most " + MAX_REF_LENGTH + " characters");
        }
    }

    /** The raw {@code doc} field when it is a string, to echo in an error; null otherwise. */
    String rawDoc() {
        JsonNode doc = node.get("doc");
        return doc != null && doc.isTextual() ? doc.textValue() : null;
    }

    /** The raw {@code seq} field when it is an integer, to echo in an error; null otherwise. */
    Long rawSeq() {
        JsonNode seq = node.get("seq");
        return seq != null && seq.isIntegralNumber() && seq.canConvertToLong() ? seq.longValue() : null;
    }

    /** The document id in {@code doc}: 1..128 characters of {@code [A-Za-z0-9._~-]}. */
    String doc() {
        String doc = string("doc");
        if (!DOCUMENT_ID.matcher(doc).matches()) {
            throw ProtocolError.badMessage("doc must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -, was \""
                    + abbreviate(doc) + "\"");
        }
        return doc;
    }

    /** A required string field. */
    String string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw ProtocolError.badMessage(field + " is missing");
        }
        if (!value.isTextual()) {
            throw ProtocolError.badMessage(field + " must be a string, was " + kind(value));
        }
        return value.textValue();
    }

    /** An optional string field; null when absent or null. */
    String optionalString(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : string(field);
    }

    /** A required integer field of at least {@code min}. */
    long integer(String field, long min) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw ProtocolError.badMessage(field + " is missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ProtocolError.badMessage(field + " must be an integer, was " + kind(value));
        }
        if (value.longValue() < min) {
            throw ProtocolError.badMessage(field + " must be at least " + min + ", was " + value.longValue());
        }
        return value.longValue();
    }

    /** An optional integer field of at least {@code min}. */
    OptionalLong optionalInteger(String field, long min) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? OptionalLong.empty() : OptionalLong.of(integer(field, min));
    }

    /** Whether the message has the field, even as JSON null. */
    boolean has(String field) {
        return node.has(field);
    }

    /** A required field of any JSON type. */
    JsonNode value(String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw ProtocolError.badMessage(field + " is missing");
        }
        return value;
    }

    /** An optional field of any JSON type; null when absent or JSON null. */
    JsonNode optionalValue(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** The {@code user} of a hello: its name and colour, each defaulting from the client id. */
    User user(String clientId) {
        JsonNode user = optionalValue("user");
        if (user == null) {
            return User.defaultFor(clientId);
        }
        if (!user.isObject()) {
            throw ProtocolError.badMessage("user must be an object {name, color}, was " + kind(user));
        }
        JsonNode name = user.path("name");
        JsonNode color = user.path("color");
        if (!(name.isMissingNode() || name.isNull() || name.isTextual())
                || !(color.isMissingNode() || color.isNull() || color.isTextual())) {
            throw ProtocolError.badMessage("user.name and user.color must be strings");
        }
        return new User(null, name.isTextual() ? name.textValue() : clientId,
                color.isTextual() ? color.textValue() : User.defaultColor(clientId));
    }

    /** The optional {@code selection}: {@code [anchor, focus]}, two non-negative integers; null when absent or null. */
    Selection selection() {
        JsonNode selection = optionalValue("selection");
        if (selection == null) {
            return null;
        }
        if (!selection.isArray() || selection.size() != 2 || !isPosition(selection.get(0))
                || !isPosition(selection.get(1))) {
            throw ProtocolError.badMessage("selection must be [anchor, focus], two non-negative integers");
        }
        return new Selection(selection.get(0).intValue(), selection.get(1).intValue());
    }

    private static boolean isPosition(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0;
    }

    static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase();
    }

    static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
