package dev.mcs.service.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Refuses the local mode without keys unless nobody but this machine can reach the port. */
final class LoopbackGuard {

    private LoopbackGuard() {}

    static void check(AuthProperties.Mode mode, String serverAddress) {
        if (mode == AuthProperties.Mode.DISABLED && !isLoopback(serverAddress)) {
            throw new IllegalStateException("MCS_AUTH=disabled turns authentication off, so it is only allowed when"
                    + " the server listens on a loopback address; it is bound to "
                    + (serverAddress == null || serverAddress.isBlank() ? "all interfaces" : serverAddress)
                    + ". Set MCS_BIND_ADDRESS=127.0.0.1, or leave MCS_AUTH unset and use an API key");
        }
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address.strip()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
