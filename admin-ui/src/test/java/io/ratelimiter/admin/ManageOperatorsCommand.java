package io.ratelimiter.admin;

import io.ratelimiter.realservers.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs {@link ManageOperators} as an operator would: its own process, the database in its environment. */
public final class ManageOperatorsCommand {

    /** What the command printed, and how it exited. */
    public record Result(int exitCode, String out, String err) {
    }

    private ManageOperatorsCommand() {
    }

    /** Runs {@code ManageOperators args...} with {@code password} (may be empty) on its standard input. */
    public static Result run(PostgresDatabase database, String password, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), ManageOperators.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DATASOURCES_DEFAULT_URL", database.jdbcUrl());
        builder.environment().put("DATASOURCES_DEFAULT_USERNAME", database.username());
        builder.environment().put("DATASOURCES_DEFAULT_PASSWORD", database.password());
        try {
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(password.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Adds an account, failing the test if the command refuses. */
    public static void add(PostgresDatabase database, String name, String role, String password) {
        Result result = run(database, password, "add", name, role);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("ManageOperators add " + name + " refused: " + result.err());
        }
    }
}
