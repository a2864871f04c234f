package dev.mcs.e2e.battery;

/**
 * One generated hostile upload.
 *
 * @param name what was done to it, for failure messages
 * @param target where it is uploaded
 * @param content the bytes sent
 */
public record HostileInput(String name, Target target, byte[] content) {

    /** The upload endpoint an input goes to. */
    public enum Target { MODEL, DATASET }

    @Override
    public String toString() {
        return target + " " + name + " (" + content.length + " bytes)";
    }
}
