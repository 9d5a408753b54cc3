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
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The default policy and the per-route policies: view, edit, add, delete. Every change goes through the audit log. */
@Controller("/policies")
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class PoliciesController {

    /** One route policy as the list shows it. */
    record RouteRow(String route, String policy, String editUrl) {
    }

    private final RateLimiterAdmin admin;
    private final AuditLog auditLog;
    private final Actors actors;

    PoliciesController(RateLimiterAdmin admin, AuditLog auditLog, Actors actors) {
        this.admin = admin;
        this.auditLog = auditLog;
        this.actors = actors;
    }

    @Get
    ModelAndView<Map<String, Object>> list(HttpRequest<?> request) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Policies");
        model.put("nav", "policies");
        model.put("defaultPolicy", Describe.policy(admin.defaultPolicy()));
        model.put("routes", admin.routePolicies().stream()
                .map(r -> new RouteRow(r.route().toString(), Describe.policy(r.policy()),
                        Links.of("/policies/route", "route", r.route().toString())))
                .toList());
        Flash.take(request).ifPresent(message -> model.put("flash", message));
        return new ModelAndView<>("policies", model);
    }

    @Get("/default")
    @Secured(Roles.EDITOR)
    ModelAndView<Map<String, Object>> editDefault() {
        Map<String, String> form = admin.defaultPolicy().map(PolicyForm::of).orElseGet(() -> PolicyForm.blank("default"));
        return editor("Default policy", "/policies/default", form, Map.of(), false);
    }

    @Post("/default")
    @Secured(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> saveDefault(HttpRequest<?> request, @Body Map<String, String> form, Authentication operator) {
        Policy policy;
        try {
            policy = PolicyForm.parse(form);
        } catch (InvalidPolicyException e) {
            return HttpResponse.status(HttpStatus.BAD_REQUEST)
                    .body(editor("Default policy", "/policies/default", form, PolicyForm.errors(e), false));
        }
        auditLog.change(actors.of(request, operator), "set default policy", "default",
                () -> Describe.policy(admin.defaultPolicy()), Describe.policy(policy),
                () -> admin.setDefaultPolicy(policy));
        Flash.set(request, "Saved the default policy: " + Describe.policy(policy));
        return HttpResponse.seeOther(URI.create("/policies"));
    }

    @Get("/route")
    @Secured(Roles.EDITOR)
    ModelAndView<Map<String, Object>> editRoute(@Nullable @QueryValue String route) {
        if (route == null || route.isBlank()) {
            Map<String, String> form = PolicyForm.blank("");
            form.put("route", "");
            return editor("New route policy", "/policies/route", form, Map.of(), true);
        }
        Route parsed = Route.parse(route);
        Map<String, String> form = admin.routePolicy(parsed).map(PolicyForm::of)
                .orElseGet(() -> PolicyForm.blank(""));
        form.put("route", parsed.toString());
        return editor("Route policy " + parsed, "/policies/route", form, Map.of(), false);
    }

    @Post("/route")
    @Secured(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> saveRoute(HttpRequest<?> request, @Body Map<String, String> form, Authentication operator) {
        Route route = null;
        Map<String, String> errors = new HashMap<>();
        try {
            route = Route.parse(PolicyForm.text(form, "route"));
        } catch (InvalidPolicyException e) {
            errors.putAll(PolicyForm.errors(e));
        }
        Policy policy = null;
        try {
            policy = PolicyForm.parse(form);
        } catch (InvalidPolicyException e) {
            errors.putAll(PolicyForm.errors(e));
        }
        if (!errors.isEmpty()) {
            return HttpResponse.status(HttpStatus.BAD_REQUEST).body(editor(
                    route == null ? "Route policy" : "Route policy " + route, "/policies/route", form, errors, true));
        }
        Route target = route;
        Policy value = policy;
        auditLog.change(actors.of(request, operator), "set route policy", target.toString(),
                () -> Describe.policy(admin.routePolicy(target)), Describe.policy(value),
                () -> admin.setRoutePolicy(target, value));
        Flash.set(request, "Saved the policy of " + target + ": " + Describe.policy(value));
        return HttpResponse.seeOther(URI.create("/policies"));
    }

    @Post("/route/delete")
    @Secured(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> deleteRoute(HttpRequest<?> request, @Nullable String route, Authentication operator) {
        Route target = Route.parse(route);
        Optional<Policy> before = admin.routePolicy(target);
        if (before.isEmpty()) {
            Flash.set(request, target + " had no policy of its own; nothing to delete.");
            return HttpResponse.seeOther(URI.create("/policies"));
        }
        auditLog.change(actors.of(request, operator), "delete route policy", target.toString(),
                () -> Describe.policy(before), Describe.NONE + " (the default policy applies)",
                () -> admin.deleteRoutePolicy(target));
        Flash.set(request, "Deleted the policy of " + target + "; the default policy applies to it now.");
        return HttpResponse.seeOther(URI.create("/policies"));
    }

    private static ModelAndView<Map<String, Object>> editor(String heading, String action, Map<String, String> form,
                                                           Map<String, String> errors, boolean routeEditable) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", heading);
        model.put("nav", "policies");
        model.put("heading", heading);
        model.put("action", action);
        model.put("form", form);
        model.put("errors", errors);
        model.put("rows", List.of(0, 1, 2, 3).subList(0, PolicyForm.ROWS));
        model.put("algorithms", PolicyForm.ALGORITHMS);
        model.put("isRoute", form.containsKey("route"));
        model.put("routeEditable", routeEditable);
        return new ModelAndView<>("policy-edit", model);
    }
}
