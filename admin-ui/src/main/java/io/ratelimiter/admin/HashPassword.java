package io.ratelimiter.admin;

import io.ratelimiter.admin.signin.PasswordHash;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Prints the ADMIN_PASSWORD_HASH line for a password:
 * {@code java -cp admin-ui/target/admin-ui.jar io.ratelimiter.admin.HashPassword}. Asks twice on a terminal; reads
 * standard input otherwise ({@code printf '%s' "$PASSWORD" | java -cp ... HashPassword}). The password is never taken
 * from the command line, where other users of the machine could read it.
 */
public final class HashPassword {

    private HashPassword() {
    }

    public static void main(String[] args) throws IOException {
        char[] password = read();
        if (password.length == 0) {
            System.err.println("HashPassword: the password is empty; nothing printed");
            System.exit(2);
        }
        System.out.println(PasswordHash.of(password, PasswordHash.DEFAULT_ITERATIONS));
        Arrays.fill(password, '\0');
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, second)) {
                System.err.println("HashPassword: the two passwords differ; nothing printed");
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
