package io.proxyctl.admin.endpoint;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminParam;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import java.util.List;
import java.util.function.Function;

/** An admin endpoint given by its path, help, parameters and a function. */
record Endpoint(String prefix, String helpText, List<AdminParam> params, boolean mutatesState,
                Function<AdminRequest, AdminResponse> action) implements AdminHandler {
    static Endpoint get(String prefix, String help, Function<AdminRequest, AdminResponse> action, AdminParam... params) {
        return new Endpoint(prefix, help, List.of(params), false, action);
    }

    static Endpoint post(String prefix, String help, Function<AdminRequest, AdminResponse> action, AdminParam... params) {
        return new Endpoint(prefix, help, List.of(params), true, action);
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        return action.apply(request);
    }
}
