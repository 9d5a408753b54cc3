package io.ratelimiter.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

/** What every refusal of the API must look like: the status, an RFC 9457 body, no internals. */
final class Problems {

    private Problems() {
    }

    static void assertProblem(Http.Answer answer, int status) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertProblemBody(answer);
    }

    /** A 4xx (never a 5xx, never a dropped connection) with a problem+json body. */
    static void assertClientError(Http.Answer answer) {
        assertThat(answer.status()).as("status of %s", answer).isBetween(400, 499);
        assertProblemBody(answer);
    }

    static void assertProblemBody(Http.Answer answer) {
        assertThat(answer.header("Content-Type")).as("content type of %s", answer).hasValue("application/problem+json");
        assertThat(answer.body())
                .as("body of %s", answer)
                .contains("\"status\":" + answer.status())
                .contains("\"title\":")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }
}
