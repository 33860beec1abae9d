package dev.weft.fuzz;

import static dev.weft.fuzz.ExampleCounts.scaled;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Clients and a sequencer over a lossy, reordering, duplicating network converge: see
 * {@link NetworkSimulation}. Each run is seeded; a failure names the seed, and
 * {@code -Dweft.seed=<seed>} replays exactly that run.
 */
class NetworkSimulationTest {
    private static final int SIMULATIONS = 300;

    @Test
    void simulations_withDelaysDisconnectsAndDuplicates_converge() {
        String fixed = System.getProperty("weft.seed");
        if (fixed != null) {
            simulate(Long.parseLong(fixed));
            return;
        }
        long master = System.nanoTime();
        Random seeds = new Random(master);
        for (int i = scaled(SIMULATIONS); i > 0; i--) {
            simulate(seeds.nextLong() & 0xffff_ffffL);
        }
    }

    private static void simulate(long seed) {
        NetworkSimulation simulation = new NetworkSimulation(seed);
        try {
            simulation.run();
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("simulation failed, " + simulation.describe()
                    + "\nreproduce with: mvn -pl fuzz test -Dtest=NetworkSimulationTest -Dweft.seed=" + seed
                    + "\n" + e, e);
        }
    }
}
