package io.ratelimiter.limiter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Addresses from header text: literals only, never a name to look up; identities in one form. */
class IpAddressesTest {

    @Test
    void textThatIsNoLiteralIsNoAddressAndIsNeverLookedUp() {
        assertThat(IpAddresses.parse("999.1.1.1")).isNull();
        assertThat(IpAddresses.parse("example.org")).isNull();
        assertThat(IpAddresses.parse("localhost")).isNull();
        assertThat(IpAddresses.parse("1.2.3")).isNull();
        assertThat(IpAddresses.parseForwarded("unknown")).isNull();
        assertThat(IpAddresses.parseForwarded("_hidden")).isNull();
    }

    @Test
    void forwardedFormsAreRead() {
        assertThat(IpAddresses.parseForwarded("198.51.100.1:4711").getHostAddress()).isEqualTo("198.51.100.1");
        assertThat(IpAddresses.parseForwarded("\"[2001:db8::1]:443\"").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(IpAddresses.parseForwarded("2001:db8::1").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void identitiesAreCanonicalAndIpv6IsGroupedByItsPrefix() {
        assertThat(IpAddresses.identity(address("2001:0DB8:0000:0001:abcd::1"), 64)).isEqualTo("2001:db8:0:1::/64");
        assertThat(IpAddresses.identity(address("2001:db8::1"), 128)).isEqualTo("2001:db8::1");
        assertThat(IpAddresses.identity(address("2001:db8:0:0:1:0:0:1"), 128)).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpAddresses.identity(address("::ffff:192.0.2.7"), 64)).isEqualTo("192.0.2.7");
        assertThat(IpAddresses.identity(address("192.0.2.7"), 64)).isEqualTo("192.0.2.7");
        assertThat(IpAddresses.identity(address("2001:db8:ab:cd:1:2:3:4"), 48)).isEqualTo("2001:db8:ab::/48");
    }

    private static InetAddress address(String literal) {
        return IpAddresses.parse(literal);
    }
}
