package io.ratelimiter.limiter.identity;

import java.net.InetAddress;
import java.util.List;

/** Addresses and CIDR ranges ({@code 10.0.0.2}, {@code 10.0.0.0/24}, {@code ::1}, {@code 2001:db8::/32}). */
final class TrustedProxies {

    private record Range(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixBits / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private final List<Range> ranges;

    TrustedProxies(List<String> entries) {
        this.ranges = entries.stream().map(String::trim).filter(e -> !e.isEmpty()).map(TrustedProxies::range).toList();
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        InetAddress parsed = IpAddresses.parse(address);
        if (parsed == null) {
            throw new IllegalArgumentException("rate-limiter.trusted-proxies: '" + entry
                    + "' is not an IP address or CIDR range such as 10.0.0.0/24");
        }
        int maxBits = parsed.getAddress().length * 8;
        int bits;
        try {
            bits = slash < 0 ? maxBits : Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits < 0 || bits > maxBits) {
            throw new IllegalArgumentException("rate-limiter.trusted-proxies: '" + entry
                    + "' has a prefix length outside 0.." + maxBits);
        }
        return new Range(parsed.getAddress(), bits);
    }
}
