package dev.weft.fuzz;

import static dev.weft.fuzz.ExampleCounts.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.ot.OperationJson;
import dev.weft.ot.TextOperation;
import org.junit.jupiter.api.Test;

/** The JSON form: every operation survives a round trip, as a tree, as text, and through toString. */
class JsonRoundTripTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void fromTree_ofToTree_equalsTheOperation() {
        qt().withExamples(scaled(5000)).forAll(Generators.sequential(1)).checkAssert(s ->
                assertEquals(s.a(), OperationJson.fromTree(OperationJson.toTree(s.a())), s::toString));
    }

    @Test
    void read_ofWrite_throughJackson_equalsTheOperation() {
        JacksonCodec codec = new JacksonCodec(MAPPER);
        qt().withExamples(scaled(5000)).forAll(Generators.sequential(1)).checkAssert(s ->
                assertEquals(s.a(), OperationJson.read(OperationJson.write(s.a(), codec), codec), s::toString));
    }

    @Test
    void toString_isTheJsonForm() {
        qt().withExamples(scaled(3000)).forAll(Generators.sequential(1)).checkAssert(s -> {
            try {
                Object tree = MAPPER.readValue(s.a().toString(), Object.class);
                assertEquals(s.a(), OperationJson.fromTree(tree), s::toString);
                assertEquals(MAPPER.valueToTree(OperationJson.toTree(s.a())), MAPPER.valueToTree(tree), s::toString);
            } catch (JsonProcessingException e) {
                throw new AssertionError("toString is not JSON: " + s, e);
            }
        });
    }
}
