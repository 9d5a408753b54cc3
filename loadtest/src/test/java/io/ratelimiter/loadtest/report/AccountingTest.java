package io.ratelimiter.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.loadtest.http.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The accounting the load test's verdict rests on: windows, the over-admission proof, policies from headers. */
class AccountingTest {

    private static final String SHORTEN = "\"shorten\";q=10;w=60";
    private static final long SECOND = 1_000_000_000L;

    @Test
    void policyHeadersAreReadItemByItem() {
        assertThat(Quota.parseAll(SHORTEN)).containsExactly(new Quota("shorten", 10, 60));
        assertThat(Quota.parseAll("\"default-1m\";q=10;w=60, \"default-1d\";q=1000;w=86400"))
                .containsExactly(new Quota("default-1m", 10, 60), new Quota("default-1d", 1000, 86400));
        assertThat(Quota.parseAll("")).isEmpty();
        assertThat(Quota.parseAll("\"broken\";q=10")).isEmpty();
    }

    @Test
    void aClientGettingExactlyItsQuotaInEachWindowIsNotOverAdmitted() {
        List<Exchange> answers = new ArrayList<>();
        for (int second = 0; second < 130; second++) {
            boolean admitted = second < 10 || (second >= 60 && second < 70) || (second >= 120 && second < 130);
            answers.add(answer("a", second * SECOND, admitted ? 200 : 429, SHORTEN));
        }

        ClientAccount account = single(Accounting.accounts(answers, q -> q.quota()));

        assertThat(account.windows()).extracting(ClientAccount.Window::admitted).containsExactly(10, 10, 10);
        assertThat(account.windows()).extracting(ClientAccount.Window::complete).containsExactly(true, true, false);
        assertThat(account.windows().get(0).denied()).isEqualTo(50);
        assertThat(account.mostCertainlyInOneWindow()).isEqualTo(10);
        assertThat(account.overAdmitted()).isZero();
    }

    @Test
    void oneAdmissionMoreThanTheQuotaInsideOneWindowIsProved() {
        List<Exchange> answers = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            answers.add(answer("a", i * 5 * SECOND, 200, SHORTEN));
        }

        ClientAccount account = single(Accounting.accounts(answers, q -> q.quota()));

        assertThat(account.mostCertainlyInOneWindow()).isEqualTo(11);
        assertThat(account.densestWindow()).extracting(e -> e.response().sentNanos()).isSorted().hasSize(11);
        assertThat(account.overAdmitted()).isEqualTo(1);
    }

    @Test
    void admissionsThatMayHaveBeenAWholeWindowApartAreNotCalledOverAdmission() {
        List<Exchange> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(answer("a", i * SECOND, 200, SHORTEN));
        }
        // Sent inside the first window, answered after it ended: Redis may have decided it in the next window.
        answers.add(new Exchange("a", "", "node", new Response(200, SHORTEN, "", 59 * SECOND, 60 * SECOND + 1, null)));

        ClientAccount account = single(Accounting.accounts(answers, q -> q.quota()));

        assertThat(account.mostCertainlyInOneWindow()).isEqualTo(10);
        assertThat(account.overAdmitted()).isZero();
    }

    @Test
    void eachPolicyAClientWasAnsweredUnderIsAccountedOnItsOwn() {
        List<Exchange> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(answer("a", i * SECOND, 200, "\"shorten\";q=10;w=10"));
        }
        for (int i = 10; i < 15; i++) {
            answers.add(answer("a", i * SECOND, i < 13 ? 200 : 429, "\"shorten\";q=3;w=10"));
        }
        answers.add(new Exchange("a", "", "node", new Response(0, "", "", 20 * SECOND, 21 * SECOND, "no answer")));

        List<ClientAccount> accounts = Accounting.accounts(answers, q -> q.quota());

        assertThat(accounts).extracting(ClientAccount::quota).containsExactly(new Quota("shorten", 10, 10), new Quota("shorten", 3, 10));
        assertThat(accounts).extracting(ClientAccount::admitted).containsExactly(10, 3);
        assertThat(accounts).allSatisfy(account -> assertThat(account.overAdmitted()).isZero());
    }

    @Test
    void theBoundFollowsTheAlgorithm() {
        assertThat(Accounting.bound(Algorithm.SLIDING_LOG, 10, 10)).isEqualTo(10);
        assertThat(Accounting.bound(Algorithm.FIXED_WINDOW, 10, 10)).isEqualTo(20);
        assertThat(Accounting.bound(Algorithm.SLIDING_WINDOW, 10, 10)).isEqualTo(20);
        assertThat(Accounting.bound(Algorithm.TOKEN_BUCKET, 10, 4)).isEqualTo(14);
        assertThat(Accounting.bound(Algorithm.GCRA, 10, 10)).isEqualTo(20);
    }

    @Test
    void onlyAnswersOfTheLimiterCountAsAdmittedOrDenied() {
        assertThat(answer("a", 0, 302, SHORTEN).admitted()).isTrue();
        assertThat(answer("a", 0, 404, SHORTEN).admitted()).isTrue();
        assertThat(answer("a", 0, 429, SHORTEN).denied()).isTrue();
        assertThat(answer("a", 0, 403, SHORTEN).failed()).isTrue();
        assertThat(answer("a", 0, 503, "").failed()).isTrue();
    }

    static Exchange answer(String client, long sent, int status, String policy) {
        return new Exchange(client, "", "node", new Response(status, policy, "", sent, sent + 2_000_000, null));
    }

    private static ClientAccount single(List<ClientAccount> accounts) {
        assertThat(accounts).hasSize(1);
        return accounts.get(0);
    }
}
