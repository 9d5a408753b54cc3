package io.ratelimiter.limiter.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address literals from header text, never by name lookup (a forwarded header must not trigger DNS). */
final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiterals() {
    }

    /** The address, or null when the text is not an IPv4 or IPv6 literal. */
    static InetAddress parse(String text) {
        String candidate = text.trim();
        boolean v4 = IPV4.matcher(candidate).matches();
        if (!v4 && !(candidate.indexOf(':') >= 0 && IPV6.matcher(candidate).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(candidate);
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
}
