package io.ratelimiter.admin.signin;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.scheduling.TaskExecutors;
import io.ratelimiter.admin.audit.AuditUnavailableException;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator accounts: the newest version of each in the database ({@code ManageOperators} writes them), and the
 * one configured in the environment, which an account of the same name in the database replaces. Created at
 * start-up, so a malformed configured hash stops the console at once.
 */
@Context
final class Accounts {

    /** An operator account as sign-in sees it. */
    record Account(String name, String role, boolean enabled, PasswordHash passwordHash) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    /** How long a disable or role change may take to reach a signed-in session. */
    static final Duration RECHECK = Duration.ofSeconds(5);

    private final OperatorAccountRepository repository;
    private final Optional<Account> configured;
    /** Compared against when there is no such account: same cost as a real check, so timing tells no names apart. */
    private final PasswordHash decoy;
    /** Accounts as last read, re-read in the background on blocking threads: the security filter never waits. */
    private final AsyncLoadingCache<String, Optional<Account>> recent;

    Accounts(OperatorConfiguration configuration, OperatorAccountRepository repository,
             @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.repository = repository;
        this.recent = Caffeine.newBuilder().executor(blocking).expireAfterWrite(RECHECK).maximumSize(1_000)
                .buildAsync(this::find);
        String hash = configuration.passwordHash();
        if (hash == null || hash.isBlank()) {
            this.configured = Optional.empty();
            LOG.info("no configured operator (ADMIN_PASSWORD_HASH is not set): only accounts added with "
                    + "ManageOperators can sign in");
        } else {
            PasswordHash parsed;
            try {
                parsed = PasswordHash.parse(hash);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("ADMIN_PASSWORD_HASH (admin.password-hash) is unusable: "
                        + e.getMessage());
            }
            this.configured = Optional.of(new Account(normalize(configuration.username()), Roles.EDITOR, true, parsed));
            LOG.info("configured operator '{}' (editor) may sign in", configured.get().name());
        }
        this.decoy = PasswordHash.of(UUID.randomUUID().toString().toCharArray(),
                configured.map(a -> a.passwordHash().iterations()).orElse(PasswordHash.DEFAULT_ITERATIONS));
    }

    /** Account names are lower case; what a visitor types is matched the same way. */
    static String normalize(String name) {
        return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The enabled account {@code name} names, if {@code password} is its password. Takes one password hash whatever
     * the answer.
     *
     * @throws AuditUnavailableException when the database cannot be asked
     */
    Optional<Account> verify(String name, String password) {
        Optional<Account> account = find(name);
        boolean matches = account.map(Account::passwordHash).orElse(decoy).matches(password.toCharArray());
        return account.filter(a -> matches && a.enabled());
    }

    /**
     * The role {@code name} holds now, or nothing once its account is disabled or gone, as last read from the
     * database (at most {@link #RECHECK} ago). Until a read has answered, and while the database is away, a
     * signed-in session keeps {@code roleWhenUnknown}.
     */
    Optional<String> roleNow(String name, String roleWhenUnknown) {
        CompletableFuture<Optional<Account>> read = recent.get(name);
        if (!read.isDone() || read.isCompletedExceptionally()) {
            return Optional.of(roleWhenUnknown);
        }
        return read.join().filter(Account::enabled).map(Account::role);
    }

    private Optional<Account> find(String name) {
        String normalized = normalize(name);
        Optional<OperatorAccount> stored;
        try {
            stored = repository.newest(normalized);
        } catch (RuntimeException e) {
            throw new AuditUnavailableException(e);
        }
        if (stored.isPresent()) {
            OperatorAccount row = stored.get();
            return Optional.of(new Account(row.name(), row.role(), row.enabled(), PasswordHash.parse(row.passwordHash())));
        }
        return configured.filter(a -> a.name().equals(normalized));
    }
}
