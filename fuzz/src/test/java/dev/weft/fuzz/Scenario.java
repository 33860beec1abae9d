package dev.weft.fuzz;

import dev.weft.ot.TextOperation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A document and operations for it, as one generated example. {@link #toString()} is JSON
 * ({@code {"doc": "...", "ops": [[...], ...]}}), so a falsified example can be pasted into a unit
 * test or fed to ot-text-unicode as it is.
 *
 * @param doc the document the first operation applies to
 * @param ops concurrent operations (all made against {@code doc}) or sequential ones, as generated
 */
record Scenario(String doc, List<TextOperation> ops) {
    Scenario {
        ops = List.copyOf(ops);
    }

    TextOperation a() {
        return ops.get(0);
    }

    TextOperation b() {
        return ops.get(1);
    }

    TextOperation c() {
        return ops.get(2);
    }

    @Override
    public String toString() {
        return ops.stream()
                .map(TextOperation::toString)
                .collect(Collectors.joining(", ", "{\"doc\": " + Generators.json(doc) + ", \"ops\": [", "]}"));
    }
}
