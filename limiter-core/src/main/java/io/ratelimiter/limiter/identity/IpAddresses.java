package io.ratelimiter.limiter.identity;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP addresses from text, only ever as literals (a forwarded header must never start a DNS lookup: {@code 999.1.1.1}
 * is no address, not a host name), and as identities: IPv4 dotted, IPv4-mapped IPv6 as the IPv4 it maps, IPv6 in
 * RFC 5952's form and grouped by a prefix, {@code 2001:db8:1:2::/64}.
 */
final class IpAddresses {

    private IpAddresses() {
    }

    /** The address, or null when the text is no IPv4 or IPv6 literal. */
    static InetAddress parse(String text) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text.trim());
        if (bytes == null) {
            return null;
        }
        try {
            // getByAddress never resolves; it turns an IPv4-mapped IPv6 address into the IPv4 address it maps.
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * An address as a forwarding header writes it: {@code 1.2.3.4}, {@code 1.2.3.4:5678}, {@code [2001:db8::1]:443},
     * {@code "[2001:db8::1]"} or a bare IPv6 literal. Null for anything else ({@code unknown}, obfuscated ids).
     */
    static InetAddress parseForwarded(String text) {
        String value = text.trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close < 0 ? null : parse(value.substring(1, close));
        }
        int colon = value.indexOf(':');
        if (colon > 0 && value.indexOf(':', colon + 1) < 0) {
            value = value.substring(0, colon);
        }
        return parse(value);
    }

    /** The client an address is: IPv4 as written, IPv6 as its network of {@code ipv6Prefix} bits. */
    static String identity(InetAddress address, int ipv6Prefix) {
        byte[] bytes = mappedToIpv4(address.getAddress());
        if (bytes.length == 4) {
            return NetUtil.bytesToIpAddress(bytes);
        }
        if (ipv6Prefix >= 128) {
            return NetUtil.toAddressString(address);
        }
        byte[] network = bytes.clone();
        for (int bit = ipv6Prefix; bit < 128; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return NetUtil.toAddressString(InetAddress.getByAddress(network)) + "/" + ipv6Prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }

    /** The IPv4 address an IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) stands for; other addresses as they are. */
    private static byte[] mappedToIpv4(byte[] bytes) {
        if (bytes.length != 16 || bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        return java.util.Arrays.copyOfRange(bytes, 12, 16);
    }
}
