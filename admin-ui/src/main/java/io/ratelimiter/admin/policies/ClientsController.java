package io.ratelimiter.admin.policies;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.ratelimiter.admin.audit.AuditLog;
import io.ratelimiter.admin.signin.Roles;
import io.ratelimiter.admin.web.Actors;
import io.ratelimiter.admin.web.Flash;
import io.ratelimiter.admin.web.Links;
import io.ratelimiter.admin.windows.WindowRow;
import io.ratelimiter.limiter.admin.ClientWindow;
import io.ratelimiter.limiter.admin.Page;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.admin.WindowQuery;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import io.ratelimiter.limiter.policy.Policy;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Per-client rules and one client's page: its windows, its rule (own limit, always allow, block), and the actions
 * on it. Every change goes through the audit log.
 */
@Controller("/clients")
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class ClientsController {

    static final int PAGE_SIZE = 50;
    private static final int WINDOWS_SHOWN = 50;

    /** One client rule as the list shows it. */
    record RuleRow(String identity, String mode, String rule, String url) {
    }

    private final RateLimiterAdmin admin;
    private final AuditLog auditLog;
    private final Actors actors;
    private final Clock clock;

    ClientsController(RateLimiterAdmin admin, AuditLog auditLog, Actors actors, Clock clock) {
        this.admin = admin;
        this.auditLog = auditLog;
        this.actors = actors;
        this.clock = clock;
    }

    @Get
    ModelAndView<Map<String, Object>> list(HttpRequest<?> request, @QueryValue(defaultValue = "0") int page) {
        int current = Math.max(0, Math.min(page, 100_000));
        Page<ClientRule> rules = admin.clientRules(current, PAGE_SIZE);
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Clients");
        model.put("nav", "clients");
        model.put("rows", rules.items().stream()
                .map(r -> new RuleRow(r.identity(), r.mode().name().toLowerCase(Locale.ROOT), Describe.rule(r),
                        Links.client(r.identity())))
                .toList());
        model.put("page", current);
        model.put("hasNext", rules.hasNext());
        Flash.take(request).ifPresent(message -> model.put("flash", message));
        return new ModelAndView<>("clients", model);
    }

    @Get("/view")
    ModelAndView<Map<String, Object>> client(HttpRequest<?> request, @Nullable @QueryValue String identity) {
        String client = identity(identity);
        Optional<ClientRule> rule = admin.clientRule(client);
        Map<String, String> form = rule.map(ClientRule::policy).map(PolicyForm::of)
                .orElseGet(() -> PolicyForm.blank(policyName(client)));
        form.put("identity", client);
        form.put("mode", rule.map(r -> r.mode().name().toLowerCase(Locale.ROOT)).orElse("limit"));
        ModelAndView<Map<String, Object>> page = clientPage(client, rule, form, Map.of());
        Flash.take(request).ifPresent(message -> page.getModel().orElseThrow().put("flash", message));
        return page;
    }

    @Post("/rule")
    @Secured(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> setRule(HttpRequest<?> request, @Body Map<String, String> form, Authentication operator) {
        String client = identity(form.get("identity"));
        String mode = PolicyForm.text(form, "mode");
        ClientRule rule;
        try {
            rule = switch (mode) {
                case "allow" -> ClientRule.allow(client);
                case "block" -> ClientRule.block(client);
                case "limit" -> ClientRule.limit(client, PolicyForm.parse(form));
                default -> throw new InvalidPolicyException(new InvalidPolicyException.Violation("mode",
                        "choose limit, allow or block"));
            };
        } catch (InvalidPolicyException e) {
            return HttpResponse.status(HttpStatus.BAD_REQUEST)
                    .body(clientPage(client, admin.clientRule(client), form, PolicyForm.errors(e)));
        }
        change(request, operator, "set client rule", rule);
        return HttpResponse.seeOther(URI.create(Links.client(client)));
    }

    @Post("/block")
    @Secured(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> block(HttpRequest<?> request, @Nullable String identity, Authentication operator) {
        ClientRule rule = ClientRule.block(identity(identity));
        change(request, operator, "block client", rule);
        return HttpResponse.seeOther(URI.create(Links.client(rule.identity())));
    }

    @Post("/allow")
    @Secured(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> allow(HttpRequest<?> request, @Nullable String identity, Authentication operator) {
        ClientRule rule = ClientRule.allow(identity(identity));
        change(request, operator, "always allow client", rule);
        return HttpResponse.seeOther(URI.create(Links.client(rule.identity())));
    }

    @Post("/delete")
    @Secured(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> delete(HttpRequest<?> request, @Nullable String identity, Authentication operator) {
        String client = identity(identity);
        Optional<ClientRule> before = admin.clientRule(client);
        if (before.isEmpty()) {
            Flash.set(request, client + " had no rule; nothing to delete.");
        } else {
            auditLog.change(actors.of(request, operator), "delete client rule", client, () -> Describe.rule(before),
                    Describe.NONE + " (route and default policies apply)", () -> admin.deleteClientRule(client));
            Flash.set(request, "Deleted the rule of " + client + "; route and default policies apply to it now.");
        }
        return HttpResponse.seeOther(URI.create(Links.client(client)));
    }

    @Post("/reset")
    @Secured(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> reset(HttpRequest<?> request, @Nullable String identity, Authentication operator) {
        String client = identity(identity);
        int[] removed = new int[1];
        auditLog.change(actors.of(request, operator), "reset client windows", client, () -> describe(windowsOf(client)),
                "no windows (full quota at the next request)", () -> removed[0] = admin.resetClient(client));
        Flash.set(request, "Reset " + client + ": " + removed[0] + " window(s) forgotten.");
        return HttpResponse.seeOther(URI.create(Links.client(client)));
    }

    private void change(HttpRequest<?> request, Authentication operator, String action, ClientRule rule) {
        auditLog.change(actors.of(request, operator), action, rule.identity(),
                () -> Describe.rule(admin.clientRule(rule.identity())), Describe.rule(rule),
                () -> admin.setClientRule(rule));
        Flash.set(request, "Saved the rule of " + rule.identity() + ": " + Describe.rule(rule) + ".");
    }

    private ModelAndView<Map<String, Object>> clientPage(String client, Optional<ClientRule> rule,
                                                        Map<String, String> form, Map<String, String> errors) {
        Map<String, Object> model = windowsModel(client);
        model.put("title", "Client " + client);
        model.put("nav", "clients");
        model.put("rule", Describe.rule(rule));
        model.put("form", form);
        model.put("errors", errors);
        model.put("rows", List.of(0, 1, 2, 3).subList(0, PolicyForm.ROWS));
        model.put("algorithms", PolicyForm.ALGORITHMS);
        return new ModelAndView<>("client", model);
    }

    /** The client's windows, charted and tabled; the page polls it. */
    @Get("/live")
    ModelAndView<Map<String, Object>> live(@Nullable @QueryValue String identity) {
        return new ModelAndView<>("fragments/client-windows", windowsModel(identity(identity)));
    }

    private Map<String, Object> windowsModel(String client) {
        Instant now = clock.instant();
        List<WindowRow> windows = windowsOf(client).stream().map(w -> WindowRow.of(w, now)).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("identity", client);
        model.put("windows", windows);
        model.put("liveUrl", Links.of("/clients/live", "identity", client));
        model.put("useSummary", windows.stream()
                .map(w -> w.scope() + " (" + w.policy() + "): " + w.used() + " of " + w.limit() + " used, "
                        + w.denied() + " denied")
                .collect(Collectors.joining("; ")));
        return model;
    }

    private static String describe(List<ClientWindow> windows) {
        return windows.isEmpty() ? "no windows" : windows.stream()
                .map(w -> w.scope() + " (" + w.policy() + "): " + w.used() + "/" + w.limit() + " used")
                .collect(Collectors.joining("; "));
    }

    private List<ClientWindow> windowsOf(String client) {
        return admin.windows(WindowQuery.byPrefix(client, 0, WINDOWS_SHOWN)).items().stream()
                .filter(w -> w.identity().equals(client))
                .toList();
    }

    /** The limiter's own rule for what an identity may be, applied to a form or link value. */
    private static String identity(@Nullable String raw) {
        return ClientRule.allow(raw == null ? "" : raw.trim()).identity();
    }

    /** A policy name derived from the client, for a new rule: names allow fewer characters than identities. */
    private static String policyName(String client) {
        String name = "client-" + client.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.length() > 40 ? name.substring(0, 40) : name;
    }
}
