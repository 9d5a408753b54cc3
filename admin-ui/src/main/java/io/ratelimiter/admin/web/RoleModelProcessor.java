package io.ratelimiter.admin.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.SecurityFilter;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.model.ViewModelProcessor;
import io.ratelimiter.admin.signin.Roles;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/** Tells every page whether its operator may change things, so a viewer is shown no form it could not send. */
@Singleton
final class RoleModelProcessor implements ViewModelProcessor<Map<String, Object>> {

    @Override
    public void process(HttpRequest<?> request, ModelAndView<Map<String, Object>> modelAndView) {
        boolean editor = request.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class)
                .map(a -> a.getRoles().contains(Roles.EDITOR)).orElse(false);
        // A copy: controllers may hand in an immutable model.
        Map<String, Object> model = new HashMap<>(modelAndView.getModel().orElse(Map.of()));
        model.put("editor", editor);
        model.put("role", editor ? Roles.EDITOR : Roles.VIEWER);
        modelAndView.setModel(model);
    }
}
