package dev.weft.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.ot.JsonCodec;

/** The {@link JsonCodec} that ot-core's {@link dev.weft.ot.OperationJson} uses here: Jackson. */
final class JacksonCodec implements JsonCodec {
    static final JacksonCodec INSTANCE = new JacksonCodec(new ObjectMapper());

    private final ObjectMapper mapper;

    private JacksonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String write(Object tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object read(String json) {
        try {
            return mapper.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }
}
