package dev.weft.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson configuration of the CLI. */
final class Json {
    /**
     * Reads and writes edit logs and traces. A document's whole text is one JSON string (an edit
     * log's {@code startText} and {@code finalText}, a trace's {@code endContent}), and the server
     * allows 10 million code points, which is more than Jackson's default string limit.
     */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build());

    private Json() {}
}
