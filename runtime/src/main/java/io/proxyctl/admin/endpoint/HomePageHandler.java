package io.proxyctl.admin.endpoint;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminHandlerRegistry;
import io.proxyctl.admin.AdminParam;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;

/**
 * {@code /}: the HTML home page, as Envoy's: one row per endpoint with its help text and parameters, a link for
 * the read-only ones and a POST button for the ones that change state.
 */
final class HomePageHandler implements AdminHandler {
    private final AdminHandlerRegistry registry;

    HomePageHandler(AdminHandlerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String prefix() {
        return "/";
    }

    @Override
    public String helpText() {
        return "Admin home page";
    }

    @Override
    public AdminResponse handle(AdminRequest r) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<!DOCTYPE html>\n<html lang='en'>\n<head>\n  <meta charset='utf-8'>\n")
                .append("  <title>Envoy Admin</title>\n")
                .append("  <style>body{font-family:sans-serif} td{padding:2px 8px;vertical-align:top}"
                        + " .home-data{color:#444}</style>\n</head>\n<body>\n")
                .append("<h1>proxyctl admin</h1>\n<table class='home-table'>\n")
                .append("<thead><tr><th>Command</th><th>Description</th></tr></thead>\n<tbody>\n");
        for (AdminHandler h : registry.handlers()) {
            if (h.prefix().equals("/")) {
                continue;
            }
            String path = escape(h.prefix());
            sb.append("<tr><td>");
            if (h.mutatesState()) {
                sb.append("<form action='").append(path).append("' method='post'><button type='submit'>").append(path)
                        .append("</button></form>");
            } else {
                sb.append("<a href='").append(path).append("'>").append(path).append("</a>");
            }
            sb.append("</td><td class='home-data'>").append(escape(h.helpText()));
            for (AdminParam p : h.params()) {
                sb.append("<br>&nbsp;&nbsp;<code>").append(escape(p.name())).append("</code>: ").append(escape(p.help()));
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n</body>\n</html>\n");
        return AdminResponse.html(200, sb.toString());
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\'' -> sb.append("&#39;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
