package io.ratelimiter.limiter.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.ratelimiter.limiter.admin.ClientWindow;
import io.ratelimiter.limiter.admin.WindowQuery;
import io.ratelimiter.limiter.Decision.Outcome;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Who a client is: precedence of rules, canonical addresses, API keys kept only as fingerprints; every backend. */
class IdentityKitTest {

    private static final Map<String, Object> API_KEYS = Map.of(
            "rate-limiter.identity.key-by", "api-key",
            "rate-limiter.identity.api-key-secret", "kit-secret-for-fingerprints",
            "rate-limiter.default-policy.limits", "3/1h",
            "rate-limiter.routes.sensitive.route", "GET /sensitive",
            "rate-limiter.routes.sensitive.algorithm", "fixed_window",
            "rate-limiter.routes.sensitive.limits", "2/1h",
            "rate-limiter.routes.sensitive.key-by", "ip");

    private static KitNode apiKeys(Backend backend) {
        return KitNode.on(backend, "api-keys", API_KEYS);
    }

    private static KitNode verifiedApiKeys(Backend backend) {
        Map<String, Object> verified = new java.util.HashMap<>(API_KEYS);
        verified.put("test.api-key-verifier", "true");
        return KitNode.on(backend, "verified-api-keys", verified);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void aClientRuleBeatsTheRoutePolicyWhichBeatsTheDefault(Backend backend) {
        KitNode node = KitNode.on(backend);
        Route route = Route.parse("GET /precedence");
        node.admin().setRoutePolicy(route, Policy.of("route", Algorithm.FIXED_WINDOW, Limit.of(4, Duration.ofMinutes(1))));
        String ruled = node.clientWith(Policy.of("rule", Algorithm.GCRA, Limit.of(3, Duration.ofMinutes(1))));
        String plain = KitNode.newClient();

        assertThat(node.check(ruled, route.toString()).policy()).isEqualTo("rule");
        assertThat(node.check(plain, route.toString()).policy()).isEqualTo("route");
        assertThat(node.check(plain, "GET /elsewhere").policy()).isEqualTo("default");
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void blockedAndAlwaysAllowedClientsKeepNoState(Backend backend) {
        KitNode node = KitNode.on(backend);
        String blocked = KitNode.newClient();
        String allowed = KitNode.newClient();
        node.admin().block(blocked);
        node.admin().alwaysAllow(allowed);

        assertThat(node.check(blocked).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(node.check(allowed).outcome()).isEqualTo(Outcome.ALWAYS_ALLOWED);
        for (String client : List.of(blocked, allowed)) {
            assertThat(node.redis().hget(node.keys().state(node.keys().bucketOf(client)), client + " client")).isNull();
        }
    }

    /** One host holds a /64: its addresses are one client, and a rule however the operator writes the address. */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void anIpv6ClientIsItsSlash64HoweverTheRuleIsWritten(Backend backend) {
        KitNode node = KitNode.on(backend);
        node.get("/items/1", "2001:db8:77:1::abcd");
        node.get("/items/2", "2001:db8:77:1:ffff:ffff:ffff:1");

        List<ClientWindow> windows = node.admin().windows(WindowQuery.byPrefix("2001:db8:77:1::", 0, 10)).items();
        assertThat(windows).extracting(ClientWindow::identity).containsExactly("2001:db8:77:1::/64");
        assertThat(windows.get(0).used()).isEqualTo(2);

        node.admin().block("2001:DB8:77:1:0:0:0:1");

        assertThat(node.admin().clientRule("2001:db8:77:1::/64")).contains(ClientRule.block("2001:db8:77:1::/64"));
        assertThat(node.get("/items/3", "2001:db8:77:1::abcd").statusCode()).isEqualTo(403);
        assertThat(node.get("/items/3", "2001:db8:77:2::abcd").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void anIpv4MappedAddressIsTheIpv4Client(Backend backend) {
        KitNode node = KitNode.on(backend);
        node.admin().block("::ffff:198.51.100.77");

        assertThat(node.admin().clientRule("198.51.100.77")).contains(ClientRule.block("198.51.100.77"));
        assertThat(node.get("/items/1", "198.51.100.77").statusCode()).isEqualTo(403);
        assertThat(node.get("/items/1", "::ffff:198.51.100.77").statusCode()).isEqualTo(403);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void anApiKeyIsKeptAndShownOnlyAsItsFingerprint(Backend backend) {
        KitNode node = apiKeys(backend);
        String key = "raw-key-" + backend + "-never-stored";

        assertThat(node.get("/items/1", "203.0.113.10", "X-API-Key", key).statusCode()).isEqualTo(200);

        String client = node.admin().apiKeyIdentity(key);
        assertThat(client).matches("key:[0-9a-f]{16}");
        assertThat(node.admin().windows(WindowQuery.byPrefix("key:", 0, 50)).items()).extracting(ClientWindow::identity)
                .contains(client);
        assertThat(everythingStored(node)).noneMatch(text -> text.contains(key));
    }

    /** Without a verifier every key is unknown: inventing a key per request buys nothing, the address counts too. */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void rotatingUnknownKeysStillCountAgainstTheAddress(Backend backend) {
        KitNode node = apiKeys(backend);
        String address = "203.0.113." + (20 + backend.ordinal());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(node.get("/items/1", address, "X-API-Key", "invented-" + backend + "-" + i).statusCode());
        }

        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void aKeyTheServiceVouchesForIsLimitedAsItsOwnClient(Backend backend) {
        KitNode node = verifiedApiKeys(backend);
        String address = "203.0.113." + (30 + backend.ordinal());
        for (int i = 0; i < 5; i++) {
            assertThat(node.get("/items/1", address, "X-API-Key", "known-" + backend + "-" + i).statusCode()).isEqualTo(200);
        }
        String key = "known-" + backend + "-repeat";
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(node.get("/items/1", address, "X-API-Key", key).statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void aRouteWhosePolicySaysKeyByIpCountsTheAddressWhateverTheKey(Backend backend) {
        KitNode node = apiKeys(backend);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.admin().routePolicy(Route.parse("GET /sensitive")).isPresent());
        String address = "203.0.113." + (40 + backend.ordinal());

        assertThat(node.get("/sensitive", address, "X-API-Key", "gamma").statusCode()).isEqualTo(200);
        assertThat(node.get("/sensitive", address, "X-API-Key", "delta").statusCode()).isEqualTo(200);
        assertThat(node.get("/sensitive", address, "X-API-Key", "epsilon").statusCode()).isEqualTo(429);
    }

    /** Every key name, hash field and value under the node's prefix, on every master. */
    private static List<String> everythingStored(KitNode node) {
        String prefix = node.keys().policySource().split(":")[0];
        List<String> stored = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> step = node.redis().scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(1000));
            for (String key : step.getKeys()) {
                stored.add(key);
                String type = node.redis().type(key);
                if (type.equals("hash")) {
                    node.redis().hgetall(key).forEach((field, value) -> {
                        stored.add(field);
                        stored.add(value);
                    });
                } else if (type.equals("zset")) {
                    stored.addAll(node.redis().zrange(key, 0, -1));
                }
            }
            cursor = step;
        } while (!cursor.isFinished());
        return stored;
    }
}
