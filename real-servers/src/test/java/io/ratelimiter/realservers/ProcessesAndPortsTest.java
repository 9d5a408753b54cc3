package io.ratelimiter.realservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesAndPortsTest {

    @Test
    void aBlockOfPortsIsFreeAndBelowTheEphemeralRange() throws IOException {
        int first = FreePorts.consecutive(5);

        assertThat(IntStream.range(first, first + 5)).allMatch(FreePorts::isFree);
        assertThat(first + 4).isLessThan(ephemeralRangeStart());
    }

    @Test
    void aRedisClusterNodeGetsItsBusPortFreeToo() throws IOException {
        int port = FreePorts.withCompanion(10_000);

        assertThat(FreePorts.isFree(port)).isTrue();
        assertThat(FreePorts.isFree(port + 10_000)).isTrue();
        assertThat(port + 10_000).isLessThan(ephemeralRangeStart());
    }

    @Test
    void aPortWithAListenerIsNotFree() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(FreePorts.isFree(listener.getLocalPort())).isFalse();
        }
    }

    @Test
    void aServiceThatDiesOnStartSaysWhyFromItsLog(@TempDir Path directory) {
        ServiceProcess service = ServiceProcess.start("doomed", List.of("sh", "-c", "echo 'port 8081 already in use' >&2; exit 3"),
                Map.of(), directory.resolve("logs").resolve("doomed.log"), URI.create("http://127.0.0.1:" + FreePorts.next() + "/health"));

        assertThatThrownBy(() -> service.awaitHealthy(Duration.ofSeconds(30)))
                .hasMessageContaining("doomed exited with status 3")
                .hasMessageContaining("port 8081 already in use");
    }

    @Test
    void stoppingAServiceEndsItsProcess(@TempDir Path directory) {
        ServiceProcess service = ServiceProcess.start("sleeper", List.of("sleep", "600"), Map.of(),
                directory.resolve("sleeper.log"), URI.create("http://127.0.0.1:" + FreePorts.next() + "/health"));
        ProcessHandle handle = ProcessHandle.of(service.pid()).orElseThrow();

        service.stop();

        assertThat(handle.isAlive()).isFalse();
        assertThat(service.isHealthy()).isFalse();
    }

    private static int ephemeralRangeStart() throws IOException {
        return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).strip().split("\\s+")[0]);
    }
}
