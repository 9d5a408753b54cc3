package io.ratelimiter.admin.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ratelimiter.admin.HashPassword;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void aHashReadBackMatchesItsPasswordAndNoOther() {
        String line = PasswordHash.of("s3cret pass".toCharArray(), PasswordHash.MIN_ITERATIONS).toString();

        PasswordHash hash = PasswordHash.parse(line);

        assertThat(line).matches("pbkdf2-sha256:10000:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+");
        assertThat(hash.matches("s3cret pass".toCharArray())).isTrue();
        assertThat(hash.matches("s3cret pas".toCharArray())).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        PasswordHash first = PasswordHash.of("same".toCharArray(), PasswordHash.MIN_ITERATIONS);
        PasswordHash second = PasswordHash.of("same".toCharArray(), PasswordHash.MIN_ITERATIONS);

        assertThat(first.toString()).isNotEqualTo(second.toString());
    }

    @Test
    void malformedOrCheapHashesAreRefusedWithAReason() {
        assertThatThrownBy(() -> PasswordHash.parse("hunter2")).hasMessageContaining("pbkdf2-sha256:<iterations>");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:1000:c2FsdHNhbHQ:aGFzaGhhc2hoYXNoaGFzaA"))
                .hasMessageContaining("at least 10000");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:lots:c2FsdHNhbHQ:aGFzaGhhc2hoYXNoaGFzaA"))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:20000:!!:??")).hasMessageContaining("base64url");
    }

    @Test
    void theCommandPrintsAHashOfThePasswordOnItsInput() throws Exception {
        // A process of its own, as operators and the local launcher run it: in this JVM, other tests' log lines
        // would share its standard output.
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), HashPassword.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (var stdin = process.getOutputStream()) {
            stdin.write("a passphrase from stdin\n".getBytes(StandardCharsets.UTF_8));
        }
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();

        String line = printed.trim();
        assertThat(line).startsWith("pbkdf2-sha256:600000:");
        assertThat(PasswordHash.parse(line).matches("a passphrase from stdin".toCharArray())).isTrue();
    }
}
