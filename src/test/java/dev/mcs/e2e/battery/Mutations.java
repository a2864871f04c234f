package dev.mcs.e2e.battery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Seeded byte-level damage: flipped bytes and truncations, the same on every run. */
final class Mutations {

    private Mutations() {}

    static List<HostileInput> flips(String source, byte[] original, HostileInput.Target target, int count, long seed) {
        Random random = new Random(seed);
        List<HostileInput> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] damaged = original.clone();
            int flips = 1 + random.nextInt(16);
            for (int f = 0; f < flips; f++) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            }
            inputs.add(new HostileInput(source + " with " + flips + " flipped bytes #" + i, target, damaged));
        }
        return inputs;
    }

    static List<HostileInput> truncations(String source, byte[] original, HostileInput.Target target, int count,
            long seed) {
        Random random = new Random(seed);
        List<HostileInput> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = i == 0 ? 0 : random.nextInt(original.length);
            inputs.add(new HostileInput(source + " truncated to " + length + " bytes", target,
                    Arrays.copyOf(original, length)));
        }
        return inputs;
    }
}
