package dev.mcs.service.launch;

import java.util.Map;

/** Names of the POSIX signals a crashed native engine typically dies from. */
final class Signals {

    private static final Map<Integer, String> NAMES = Map.of(
            4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM",
            24, "SIGXCPU (CPU time limit)", 25, "SIGXFSZ");

    private Signals() {}

    static String name(int signal) {
        return NAMES.getOrDefault(signal, "signal " + signal);
    }
}
