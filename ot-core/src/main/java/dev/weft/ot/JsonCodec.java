package dev.weft.ot;

/**
 * The JSON library the caller chose, as {@link OperationJson} needs it; ot-core itself parses no
 * JSON. The server backs this with Jackson ({@code mapper.writeValueAsString(tree)} and
 * {@code mapper.readValue(json, Object.class)}).
 *
 * <p>Trees are plain Java values: {@code List<?>} for arrays, {@code Map<String, ?>} for objects,
 * {@code String}, {@code Number}, {@code Boolean} and {@code null}.
 */
public interface JsonCodec {

    /** Serializes a tree of plain values to JSON text. */
    String write(Object tree);

    /**
     * Parses JSON text to a tree of plain values.
     *
     * @throws IllegalArgumentException if {@code json} is not well-formed JSON
     */
    Object read(String json);
}
