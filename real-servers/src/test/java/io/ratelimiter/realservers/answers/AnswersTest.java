package io.ratelimiter.realservers.answers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswersTest {

    @Test
    void theCodeIsReadFromTheShortenersJsonWhateverItsSpacing() {
        assertThat(ShortenerAnswers.code("{\"short_url\":\"http://x/abc123\",\"code\":\"abc123\"}")).hasValue("abc123");
        assertThat(ShortenerAnswers.code("{ \"code\" : \"q9\" }")).hasValue("q9");
    }

    @Test
    void anAnswerWithoutACodeHasNone() {
        assertThat(ShortenerAnswers.code("{\"type\":\"about:blank\",\"status\":429}")).isEmpty();
        assertThat(ShortenerAnswers.code(null)).isEmpty();
    }

    @Test
    void theCsrfTokenIsReadFromTheFirstFormOfAPage() {
        String page = "<form><input type=\"hidden\" name=\"csrfToken\" value=\"t0k3n\"></form>"
                + "<form><input type=\"hidden\" name=\"csrfToken\" value=\"other\"></form>";

        assertThat(ConsolePages.csrfToken(page)).hasValue("t0k3n");
        assertThat(ConsolePages.csrfToken("<p>signed out</p>")).isEmpty();
    }
}
