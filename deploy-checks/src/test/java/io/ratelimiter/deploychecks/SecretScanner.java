package io.ratelimiter.deploychecks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets written into a file: private keys, Proxmox API token secrets, password hashes, and a literal
 * value given to a setting named like a password, token, secret or private key (a line that starts by assigning
 * such a name: HCL, YAML, env files, shell exports). A value that refers to a variable (var.x, local.x, ${X}, $X)
 * or is empty is not a secret in the file.
 */
final class SecretScanner {

    private static final Map<String, Pattern> LITERAL_SECRETS = Map.of(
            "private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            "Proxmox API token secret", Pattern.compile(
                    "[\\w.-]+@[\\w.-]+![\\w.-]+=\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}"),
            "password hash", Pattern.compile(
                    "pbkdf2-sha256:\\d+:[A-Za-z0-9_-]{8,}:[A-Za-z0-9_-]{16,}|\\$2[abxy]\\$\\d{2}\\$[./A-Za-z0-9]{53}"));

    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)^(?:- |export )?[\"']?([\\w.-]*(?:password|passwd|secret|token|private_key|password_hash))[\"']?\\s*[=:]\\s*(.*)$");
    private static final Pattern REFERENCE = Pattern.compile(
            "^(?:(?:var|local|module|each)\\.|\\$|\"\\$|'\\$|null\\b|true\\b|false\\b|\"\"|''|$)");

    private SecretScanner() {
    }

    static List<String> findings(String fileName, String text) {
        List<String> findings = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = fileName + ":" + (i + 1);
            LITERAL_SECRETS.forEach((kind, pattern) -> {
                if (pattern.matcher(line).find()) {
                    findings.add(where + ": " + kind);
                }
            });
            String code = line.strip();
            if (code.startsWith("#") || code.startsWith("//") || code.startsWith("*")) {
                continue;
            }
            Matcher assignment = SECRET_ASSIGNMENT.matcher(code);
            if (assignment.find() && !REFERENCE.matcher(assignment.group(2).strip()).find()) {
                findings.add(where + ": literal value for " + assignment.group(1));
            }
        }
        return findings;
    }
}
