package io.ratelimiter.deploychecks;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The *.tf files of one Terraform module, each parsed with hcl4j. Nothing is evaluated against real values: a
 * reference stays as its text ({@code var.redis_address}, {@code local.redis_uri}, an interpolation loses only its
 * {@code ${}}), so a check can follow where a value comes from. A templatefile() call is kept as a
 * {@link TemplateCall} with its path and variables.
 */
final class TerraformModule {

    private final Path dir;
    private final Map<String, Map<String, Object>> files;

    private TerraformModule(Path dir, Map<String, Map<String, Object>> files) {
        this.dir = dir;
        this.files = files;
    }

    static TerraformModule load(Path dir) {
        try (Stream<Path> listing = Files.list(dir)) {
            Map<String, Map<String, Object>> files = new LinkedHashMap<>();
            listing.filter(file -> file.getFileName().toString().endsWith(".tf")).sorted()
                    .forEach(file -> files.put(file.getFileName().toString(), parse(file)));
            return new TerraformModule(dir, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized Map<String, Object> parse(Path file) {
        HCLParser parser = new HCLParser();
        // An empty variable scope keeps references as text instead of replacing them by nothing.
        parser.setVariables(new HashMap<>());
        parser.registerFunction("templatefile",
                args -> new TemplateCall(String.valueOf(args.get(0)), args.size() > 1 ? plain(args.get(1)) : Map.of()));
        PrintStream out = System.out;
        // hcl4j prints a trace of every expression it evaluates; the checks' own output stays readable without it.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return map(plain(parser.parse(file.toFile(), StandardCharsets.UTF_8)));
        } catch (HCLParserException | IOException | RuntimeException e) {
            throw new AssertionError("hcl4j cannot parse " + file + ": " + e.getMessage(), e);
        } finally {
            System.setOut(out);
        }
    }

    /** hcl4j leaves an unresolved reference as a symbol object; its text is what the checks compare. */
    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), plain(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TerraformModule::plain).toList();
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof TemplateCall) {
            return value;
        }
        return value.toString();
    }

    Path dir() {
        return dir;
    }

    List<String> fileNames() {
        return List.copyOf(files.keySet());
    }

    Map<String, Object> file(String name) {
        Map<String, Object> parsed = files.get(name);
        if (parsed == null) {
            throw new AssertionError(dir.resolve(name) + " does not exist");
        }
        return parsed;
    }

    /** Every block of one type (variable, output, module, locals entries), merged over the module's files. */
    Map<String, Object> blocks(String type) {
        Map<String, Object> merged = new LinkedHashMap<>();
        files.values().forEach(parsed -> merged.putAll(map(parsed.get(type))));
        return merged;
    }

    Map<String, Object> block(String type, String name) {
        Object block = blocks(type).get(name);
        if (block == null) {
            throw new AssertionError("no " + type + " \"" + name + "\" in " + dir);
        }
        return map(block);
    }

    Map<String, Object> resources(String resourceType) {
        Map<String, Object> merged = new LinkedHashMap<>();
        files.values().forEach(parsed -> merged.putAll(map(map(parsed.get("resource")).get(resourceType))));
        return merged;
    }

    Optional<String> fileDeclaring(String type, String name) {
        return files.entrySet().stream()
                .filter(file -> map(file.getValue().get(type)).containsKey(name))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new AssertionError("expected a block or object, found " + value);
    }

    /** A templatefile(path, variables) call, as written. */
    record TemplateCall(String path, Object variables) {

        Map<String, Object> variableMap() {
            return map(variables);
        }

        /** The template's file, with Terraform's {@code path.module} read as the module's directory. */
        Path resolveAgainst(Path moduleDir) {
            return moduleDir.resolve(path.replaceFirst("^path\\.module/", "")).normalize();
        }
    }
}
