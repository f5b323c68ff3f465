package io.proxyctl.admin.endpoint;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminParam;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.admin.AdminTarget;
import io.proxyctl.common.Json;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /listeners}: {@code <name>::<ip:port>} per bound listener, or {@code {"listener_statuses": [{"name":..,
 * "local_address": {"socket_address": {...}}}]}} with {@code ?format=json}; the address is the bound one.
 */
final class ListenersHandler implements AdminHandler {
    private final AdminTarget target;

    ListenersHandler(AdminTarget target) {
        this.target = target;
    }

    @Override
    public String prefix() {
        return "/listeners";
    }

    @Override
    public String helpText() {
        return "print listener info";
    }

    @Override
    public List<AdminParam> params() {
        return List.of(AdminParam.oneOf("format", "File format to use", "text", "json"));
    }

    @Override
    public AdminResponse handle(AdminRequest r) {
        List<AdminTarget.ListenerStatus> listeners = target.listeners();
        if ("json".equals(r.param("format"))) {
            List<Object> statuses = new ArrayList<>();
            for (AdminTarget.ListenerStatus l : listeners) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", l.config().name());
                Map<String, Object> sa = new LinkedHashMap<>();
                sa.put("address", ip(l.bound()));
                if (l.bound().getPort() != 0) {
                    sa.put("port_value", l.bound().getPort());
                }
                s.put("local_address", Map.of("socket_address", sa));
                statuses.add(s);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            if (!statuses.isEmpty()) {
                root.put("listener_statuses", statuses);
            }
            return AdminResponse.json(200, Json.pretty(root, 1) + "\n");
        }
        StringBuilder sb = new StringBuilder();
        for (AdminTarget.ListenerStatus l : listeners) {
            String ip = ip(l.bound());
            sb.append(l.config().name()).append("::").append(ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip).append(':')
                    .append(l.bound().getPort()).append('\n');
        }
        return AdminResponse.text(200, sb.toString());
    }

    static String ip(InetSocketAddress a) {
        return a.getAddress() == null ? a.getHostString() : io.netty.util.NetUtil.toAddressString(a.getAddress());
    }
}
