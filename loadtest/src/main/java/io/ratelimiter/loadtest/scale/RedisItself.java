package io.ratelimiter.loadtest.scale;

import io.ratelimiter.realservers.Executables;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What Redis itself does on this machine, the ceiling of any limiter that asks it once per request: redis-benchmark's
 * PING, GET, SET and INCR at the benchmarks' concurrencies, unpipelined (one request per round trip, as a check is)
 * and pipelined by 16 (what one connection can carry).
 */
final class RedisItself {

    private RedisItself() {
    }

    static void run(PrintStream out, int requests, int[] clientCounts) throws IOException, InterruptedException {
        Path executable = Executables.onPath("redis-benchmark").orElse(null);
        out.println();
        out.println("## What Redis itself does here (redis-benchmark)");
        out.println();
        if (executable == null) {
            out.println("redis-benchmark is not installed (Debian package redis-tools): no figures.");
            return;
        }
        try (RealRedis redis = RealServers.newRedis()) {
            String version = redis.info("server").text("redis_version").orElse("?");
            out.printf(Locale.ROOT, "Redis %s on loopback, %d requests per cell; requests/s (p50 ms).%n%n", version, requests);
            out.println("| clients | pipeline | PING | GET | SET | INCR |");
            out.println("|---:|---:|---:|---:|---:|---:|");
            for (int clients : clientCounts) {
                for (int pipeline : new int[] {1, 16}) {
                    List<String> command = new ArrayList<>(List.of(executable.toString(), "-h", redis.host(), "-p", Integer.toString(redis.port()),
                            "-c", Integer.toString(clients), "-n", Integer.toString(requests), "-P", Integer.toString(pipeline),
                            "-t", "ping_mbulk,get,set,incr", "--csv"));
                    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                    String csv;
                    try (InputStream in = process.getInputStream()) {
                        csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                        throw new IOException("redis-benchmark failed: " + csv);
                    }
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %d |", clients, pipeline));
                    for (String test : List.of("PING_MBULK", "GET", "SET", "INCR")) {
                        row.append(csv.lines().filter(line -> line.startsWith("\"" + test + "\"")).findFirst().map(line -> {
                            String[] cells = line.replace("\"", "").split(",");
                            return String.format(Locale.ROOT, " %.0f (%s) |", Double.parseDouble(cells[1]), cells[4]);
                        }).orElse(" - |"));
                    }
                    out.println(row);
                }
            }
        }
    }
}
