package io.ratelimiter.limiter.internal.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script as Redis caches it: its source and SHA-1, so it is sent whole once and then run by EVALSHA.
 *
 * @param name   for logs
 * @param source the script
 * @param sha1   what SCRIPT LOAD would answer
 */
public record LuaScript(String name, String source, String sha1) {

    private static final String BASE = "/io/ratelimiter/limiter/lua/";

    /** The concatenation of the classpath resources under {@code io/ratelimiter/limiter/lua/}, in order. */
    public static LuaScript fromResources(String name, String... paths) {
        StringBuilder source = new StringBuilder();
        for (String path : paths) {
            try (InputStream in = LuaScript.class.getResourceAsStream(BASE + path)) {
                if (in == null) {
                    throw new IllegalStateException("missing Lua resource " + BASE + path);
                }
                source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return of(name, source.toString());
    }

    public static LuaScript of(String name, String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new LuaScript(name, source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
