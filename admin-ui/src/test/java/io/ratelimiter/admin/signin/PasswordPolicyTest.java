package io.ratelimiter.admin.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x                              | at least 12 characters",
        "elevenchars                    | at least 12 characters",
        "123456789012                   | most common passwords",
        "Correct Horse Battery Staple   | most common passwords",
        "P@ssw0rd-1234                  | most common passwords",
        "aaaaaaaaaaaaaaaa               | short pattern repeated",
        "abcabcabcabcabc                | short pattern repeated",
        "my name is alice, really       | the account's name"})
    void weakPasswordsAreRefusedWithTheReason(String password, String reason) {
        assertThat(PasswordPolicy.problem("alice", password.toCharArray())).hasValueSatisfying(problem ->
                assertThat(problem).contains(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tangerine umbrella 41", "kV9#qLz2!mW7", "a sentence only I would write"})
    void longUncommonPasswordsPass(String password) {
        assertThat(PasswordPolicy.problem("alice", password.toCharArray())).isEmpty();
    }
}
