package dev.weft.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first line of a Weft edit log (docs/edit-log.md):
 * {@code {"weft": "edit-log", "version": 1, "doc": ..., "startText": ..., "finalText": ..., "finalVersion": ...}}.
 *
 * @param documentId the document the log was taken from; null if it does not say
 * @param startText the document at version 0
 * @param finalText the document after the last operation, as its source recorded it; null if unknown
 * @param finalVersion the version after the last operation; null if unknown
 */
record EditLogHeader(String documentId, String startText, String finalText, Long finalVersion) {
    /** The value of the header's {@code weft} field. */
    static final String FORMAT = "edit-log";
    /** The format version this CLI reads and writes. */
    static final int VERSION = 1;

    /** Checks the values up front. */
    EditLogHeader {
        if (startText == null) {
            throw new IllegalArgumentException("start text must not be null");
        }
        if (finalVersion != null && finalVersion < 0) {
            throw new IllegalArgumentException("final version must not be negative, was " + finalVersion);
        }
    }

    /**
     * Reads a header from the scalar fields of the log's first JSON object, which starts on {@code line}.
     *
     * @throws BadInputException naming the field that is missing or of the wrong type
     */
    static EditLogHeader fromFields(Map<String, Object> fields, int line, InputFile file) {
        if (!FORMAT.equals(fields.get("weft"))) {
            throw file.badContent(line, "not a Weft edit log: the header's \"weft\" must be \"edit-log\", was "
                    + fields.get("weft"));
        }
        Object version = fields.get("version");
        if (!(version instanceof Integer v) || v != VERSION) {
            throw file.badContent(line, "unsupported edit-log version " + version + ": this weft reads version " + VERSION);
        }
        Object finalVersion = fields.get("finalVersion");
        if (finalVersion != null && !(finalVersion instanceof Integer || finalVersion instanceof Long)
                || finalVersion != null && ((Number) finalVersion).longValue() < 0) {
            throw file.badContent(line, "the header's \"finalVersion\" must be a non-negative integer, was " + finalVersion);
        }
        return new EditLogHeader(string(fields, "doc", line, file), orEmpty(string(fields, "startText", line, file)),
                string(fields, "finalText", line, file), finalVersion == null ? null : ((Number) finalVersion).longValue());
    }

    /** The header as a JSON object's fields, in the documented order; unknown values are left out. */
    Map<String, Object> toFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("weft", FORMAT);
        fields.put("version", VERSION);
        if (documentId != null) {
            fields.put("doc", documentId);
        }
        fields.put("startText", startText);
        if (finalText != null) {
            fields.put("finalText", finalText);
        }
        if (finalVersion != null) {
            fields.put("finalVersion", finalVersion);
        }
        return fields;
    }

    private static String string(Map<String, Object> fields, String name, int line, InputFile file) {
        Object value = fields.get(name);
        if (value != null && !(value instanceof String)) {
            throw file.badContent(line, "the header's \"" + name + "\" must be a string, was " + value);
        }
        return (String) value;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
