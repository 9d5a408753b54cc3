package io.ratelimiter.loadtest.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out loopback addresses, one per simulated client, from 127.16.0.0 to 127.253.255.254: the whole 127.0.0.0/8
 * routes to this machine, so a connection bound to 127.16.3.7 reaches the cluster as client 127.16.3.7. The range
 * leaves out 127.0.0.0/12, where 127.0.0.1 (the address the nodes trust as their load balancer) lives, and addresses
 * ending in .0 or .255. A run starts at a random place in the range, so clients of runs a few minutes apart are
 * different clients with fresh windows.
 */
public final class ClientAddresses {

    private static final long FIRST = 16L << 16;
    private static final long SIZE = (254L - 16) << 16;

    private final AtomicLong next;

    public ClientAddresses(long start) {
        this.next = new AtomicLong(Math.floorMod(start, SIZE));
    }

    public static ClientAddresses randomStart() {
        return new ClientAddresses((long) (Math.random() * SIZE));
    }

    public InetAddress next() {
        while (true) {
            long n = FIRST + Math.floorMod(next.getAndIncrement(), SIZE);
            int last = (int) (n & 0xff);
            if (last != 0 && last != 255) {
                return address((int) (n >> 16), (int) ((n >> 8) & 0xff), last);
            }
        }
    }

    private static InetAddress address(int second, int third, int fourth) {
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) second, (byte) third, (byte) fourth});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }
}
