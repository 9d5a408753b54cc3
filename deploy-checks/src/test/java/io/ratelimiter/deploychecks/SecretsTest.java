package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No secret is written into the deployment files: they take every one from the operator's environment. */
class SecretsTest {

    private static final List<Path> SCANNED = List.of(
            Repository.path("infra-proxmox"), Repository.path("deploy"), K6Scripts.DIR);

    @Test
    void noDeploymentFileHoldsAPrivateKeyTokenPasswordOrHash() {
        List<Path> files = SCANNED.stream().flatMap(dir -> Repository.committedFilesUnder(dir).stream()).toList();
        List<String> findings = new ArrayList<>();
        files.forEach(file -> findings.addAll(SecretScanner.findings(Repository.ROOT.relativize(file).toString(), Repository.read(file))));

        assertThat(files).hasSizeGreaterThan(20);
        assertThat(findings).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "api_token = \"terraform@pve!cluster=0b6e2f6c-4d1a-4c5e-9f37-2a8d5e1c7b90\"",
            "ADMIN_PASSWORD_HASH=pbkdf2-sha256:600000:c2FsdHNhbHRzYWx0:aGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "db_password = \"hunter2hunter2hunter2\"",
            "DATASOURCES_DEFAULT_PASSWORD: s3cret-value",
            "password: 'literal'"})
    void theScanFindsASecretWrittenIntoAFile(String line) {
        assertThat(SecretScanner.findings("planted", line)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "api_token = var.proxmox_api_token",
            "DATASOURCES_DEFAULT_PASSWORD = var.db_password",
            "DATASOURCES_DEFAULT_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}",
            "POSTGRES_PASSWORD=",
            "private_key = var.proxmox_ssh_private_key == null",
            "password_encryption = 'scram-sha-256'",
            "# export TF_VAR_db_password=\"hunter2\""})
    void theScanLeavesReferencesAndCommentsAlone(String line) {
        assertThat(SecretScanner.findings("reference", line)).isEmpty();
    }
}
