package io.ratelimiter.realservers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks ports that are free right now, below the kernel's ephemeral range. A port from inside that range (what binding
 * port 0 gives) can be taken between the pick and the server's start by any outgoing connection on the machine, such
 * as the connection pools of the nodes a test has already started; a port below it can only be taken by a listener.
 */
public final class FreePorts {

    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 1_000;

    private FreePorts() {
    }

    public static int next() {
        return consecutive(1);
    }

    /** The first of {@code count} consecutive free ports, for servers that number their ports from a base. */
    public static int consecutive(int count) {
        return withOffsets(rangeOf(count));
    }

    /**
     * A free port whose companion {@code offset} above is free too: a Redis Cluster node listens on its port and on
     * port + 10000 for the cluster bus.
     */
    public static int withCompanion(int offset) {
        return withOffsets(new int[] {0, offset});
    }

    private static int withOffsets(int[] offsets) {
        int last = offsets[offsets.length - 1];
        int highest = ephemeralRangeStart() - 1 - last;
        if (highest <= LOWEST) {
            // A machine whose ephemeral range starts low: take what is left above it rather than fail.
            highest = 65_535 - last;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (allFree(port, offsets)) {
                return port;
            }
        }
        throw new IllegalStateException("no free ports between " + LOWEST + " and " + highest + " after " + ATTEMPTS + " tries");
    }

    private static boolean allFree(int port, int[] offsets) {
        for (int offset : offsets) {
            if (!isFree(port + offset)) {
                return false;
            }
        }
        return true;
    }

    /** Bound on the wildcard address, so that a listener on any one address counts as taking the port. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int[] rangeOf(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = i;
        }
        return offsets;
    }

    /** Linux publishes its range; elsewhere the IANA dynamic range (49152) and Linux's default (32768) both lie above. */
    private static int ephemeralRangeStart() {
        try {
            // Not Files.readString: procfs reports a size that makes it return only the first byte.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).strip();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
