package io.proxyctl.admin.endpoint;

import io.proxyctl.admin.AdminHandler;
import io.proxyctl.admin.AdminRequest;
import io.proxyctl.admin.AdminResponse;
import io.proxyctl.admin.AdminTarget;
import io.proxyctl.common.Json;
import io.proxyctl.config.tree.Tree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /certs}: for every TLS context of the configuration (cluster and listener transport sockets), the first
 * CA certificate and the first certificate of the chain, as {@code envoy.admin.v3.Certificates}: path (or
 * {@code <inline>}), serial number, subject alternative names, days until expiration and validity window.
 */
final class CertsHandler implements AdminHandler {
    private static final String TLS = "envoy.extensions.transport_sockets.tls.v3.";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final AdminTarget target;

    CertsHandler(AdminTarget target) {
        this.target = target;
    }

    @Override
    public String prefix() {
        return "/certs";
    }

    @Override
    public String helpText() {
        return "print certs on machine";
    }

    @Override
    public AdminResponse handle(AdminRequest r) {
        List<Object> certificates = new ArrayList<>();
        Map<String, Object> sr = Tree.mapField(target.configTree(), "static_resources");
        List<Object> sockets = new ArrayList<>();
        for (Tree.Item c : Tree.items(sr, "", "clusters")) {
            sockets.add(Tree.get(c.value(), "transport_socket"));
        }
        for (Tree.Item l : Tree.items(sr, "", "listeners")) {
            for (Tree.Item fc : Tree.items(l.value(), "", "filter_chains")) {
                sockets.add(Tree.get(fc.value(), "transport_socket"));
            }
        }
        for (Object socket : sockets) {
            Map<String, Object> tc = Tree.mapField(socket, "typed_config");
            String type = Tree.anyType(tc);
            if (type == null || !type.startsWith(TLS) || !type.endsWith("TlsContext")) {
                continue;
            }
            Map<String, Object> common = Tree.mapField(tc, "common_tls_context");
            Map<String, Object> entry = new LinkedHashMap<>();
            List<Object> ca = details(Tree.get(Tree.mapField(common, "validation_context"), "trusted_ca"));
            List<Object> chain = new ArrayList<>();
            for (Tree.Item cert : Tree.items(common, "", "tls_certificates")) {
                chain.addAll(details(Tree.get(cert.value(), "certificate_chain")));
                if (!chain.isEmpty()) {
                    break;
                }
            }
            entry.put("ca_cert", ca);
            entry.put("cert_chain", chain);
            certificates.add(entry);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("certificates", certificates);
        return AdminResponse.json(200, Json.pretty(root, 1) + "\n");
    }

    /** The details of the first certificate of a DataSource, or none when it is absent or unreadable. */
    private static List<Object> details(Object dataSource) {
        Map<String, Object> ds = Tree.map(dataSource);
        if (ds == null) {
            return List.of();
        }
        String path = "<inline>";
        byte[] pem;
        try {
            if (Tree.strField(ds, "filename") != null) {
                path = Tree.strField(ds, "filename");
                pem = Files.readAllBytes(Path.of(path));
            } else if (Tree.strField(ds, "inline_string") != null) {
                pem = Tree.strField(ds, "inline_string").getBytes(StandardCharsets.UTF_8);
            } else if (Tree.strField(ds, "inline_bytes") != null) {
                pem = Base64.getDecoder().decode(Tree.strField(ds, "inline_bytes").replaceAll("\\s", ""));
            } else if (Tree.strField(ds, "environment_variable") != null) {
                String v = System.getenv(Tree.strField(ds, "environment_variable"));
                if (v == null) {
                    return List.of();
                }
                pem = v.getBytes(StandardCharsets.UTF_8);
            } else {
                return List.of();
            }
            Collection<? extends java.security.cert.Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (certs.isEmpty() || !(certs.iterator().next() instanceof X509Certificate x)) {
                return List.of();
            }
            return List.of(describe(x, path));
        } catch (IOException | CertificateException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private static Map<String, Object> describe(X509Certificate x, String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("serial_number", x.getSerialNumber().toString(16));
        List<Object> sans = new ArrayList<>();
        try {
            Collection<List<?>> alt = x.getSubjectAlternativeNames();
            if (alt != null) {
                for (List<?> san : alt) {
                    int kind = (Integer) san.get(0);
                    String key = switch (kind) {
                        case 2 -> "dns";
                        case 6 -> "uri";
                        case 7 -> "ip_address";
                        default -> null;
                    };
                    if (key != null) {
                        sans.add(Map.of(key, String.valueOf(san.get(1))));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A certificate whose SAN extension does not parse is still listed, without SANs.
        }
        m.put("subject_alt_names", sans);
        Instant notAfter = x.getNotAfter().toInstant();
        long days = Math.max(0, Duration.between(Instant.now(), notAfter).toDays());
        m.put("days_until_expiration", Long.toString(days));
        m.put("valid_from", TIME.format(x.getNotBefore().toInstant()));
        m.put("expiration_time", TIME.format(notAfter));
        return m;
    }
}
