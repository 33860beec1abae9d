package dev.weft.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class JazzerSmokeTest {
    static int calls;
    @FuzzTest
    void smoke(FuzzedDataProvider data) {
        calls++;
        String s = data.consumeRemainingAsString();
        System.out.println("SMOKE input=" + s + " calls=" + calls);
        if (s.equals("boom")) throw new IllegalStateException("boom seen");
    }
}
