package io.ratelimiter.deploychecks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * deploy/redis/users.acl.template and its rendering rule, the one the compose entrypoint (sed) and Terraform
 * (templatefile with sha256()) follow: each placeholder replaced literally, passwords by their hex SHA-256.
 */
final class RedisAcl {

    static final Path TEMPLATE = Repository.path("deploy", "redis", "users.acl.template");
    static final String NODE_USER = "ratelimiter-node";
    static final String CONSOLE_USER = "ratelimiter-console";

    private RedisAcl() {
    }

    static String render(String keyPrefix, String nodePassword, String consolePassword) {
        return NginxTemplate.render(Repository.read(TEMPLATE), Map.of(
                "KEY_PREFIX", keyPrefix,
                "NODE_PASSWORD_SHA256", sha256(nodePassword),
                "CONSOLE_PASSWORD_SHA256", sha256(consolePassword)));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
