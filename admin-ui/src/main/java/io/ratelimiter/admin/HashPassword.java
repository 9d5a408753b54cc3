package io.ratelimiter.admin;

import io.ratelimiter.admin.signin.PasswordHash;
import io.ratelimiter.admin.signin.PasswordPolicy;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Prints the ADMIN_PASSWORD_HASH line for a password:
 * {@code java -cp admin-ui/target/admin-ui.jar io.ratelimiter.admin.HashPassword}. Asks twice on a terminal; reads
 * standard input otherwise ({@code printf '%s' "$PASSWORD" | java -cp ... HashPassword}). The password is never taken
 * from the command line, where other users of the machine could read it. The password must pass {@link PasswordPolicy}.
 */
public final class HashPassword {

    private HashPassword() {
    }

    public static void main(String[] args) throws IOException {
        char[] password = read("");
        System.out.println(PasswordHash.of(password, PasswordHash.DEFAULT_ITERATIONS));
        Arrays.fill(password, '\0');
    }

    /** A password for {@code account} (may be empty) that passes the policy; exits 2 with the reason otherwise. */
    static char[] read(String account) throws IOException {
        char[] password = readRaw();
        PasswordPolicy.problem(account, password).ifPresent(problem -> {
            System.err.println("refused: " + problem + "; nothing changed");
            System.exit(2);
        });
        return password;
    }

    private static char[] readRaw() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, second)) {
                System.err.println("refused: the two passwords differ; nothing changed");
                System.exit(2);
            }
            return first;
        }
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        System.in.transferTo(in);
        String text = in.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r\n") ? text.substring(0, text.length() - 2).toCharArray()
                : text.endsWith("\n") ? text.substring(0, text.length() - 1).toCharArray()
                : text.toCharArray();
    }
}
