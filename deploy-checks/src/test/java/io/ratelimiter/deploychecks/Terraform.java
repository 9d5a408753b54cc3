package io.ratelimiter.deploychecks;

import java.util.Map;

/**
 * How the checks run terraform: never asking anything, never calling home, and without the user's CLI
 * configuration (the checks need no provider, and its warnings would mix into the output they read).
 */
final class Terraform {

    static final Map<String, String> ENVIRONMENT = Map.of(
            "CHECKPOINT_DISABLE", "1",
            "TF_IN_AUTOMATION", "1",
            "TF_INPUT", "0",
            "TF_CLI_CONFIG_FILE", "/dev/null");

    private Terraform() {
    }
}
