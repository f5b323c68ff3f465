package io.proxyctl.config.bind;

import io.proxyctl.config.model.AccessLog;
import java.util.ArrayList;
import java.util.List;

/** Binds {@code access_log} entries: file, stdout and stderr loggers with text or JSON formats. */
final class AccessLogBinder {
    static final String FILE = "envoy.extensions.access_loggers.file.v3.FileAccessLog";
    static final String FILE_V2 = "envoy.config.accesslog.v2.FileAccessLog";
    static final String STDOUT = "envoy.extensions.access_loggers.stream.v3.StdoutAccessLog";
    static final String STDERR = "envoy.extensions.access_loggers.stream.v3.StderrAccessLog";

    private AccessLogBinder() {
    }

    static List<AccessLog> accessLogs(Obj owner, String field) {
        List<AccessLog> out = new ArrayList<>();
        for (Obj a : owner.objs(field)) {
            out.add(accessLog(a));
        }
        return out;
    }

    static AccessLog accessLog(Obj a) {
        String name = a.str("name", "");
        TypedConfig tc = TypedConfig.of(a, "typed_config");
        if (tc == null && a.has("config")) {
            tc = new TypedConfig(TypedConfig.PREFIX + FILE_V2, a.obj("config"));
        }
        boolean filter = a.has("filter");
        if (tc == null) {
            if (name.equals("envoy.access_loggers.file") || name.equals("envoy.file_access_log")) {
                throw new BindException(a.pointer(), "file access log '" + name + "' has no typed_config");
            }
            return new AccessLog(name, null, new AccessLog.Sink.Unsupported(""), null, filter);
        }
        AccessLog.Sink sink;
        if (tc.is(FILE, FILE_V2)) {
            sink = new AccessLog.Sink.File(tc.body().reqStr("path"));
        } else if (tc.is(STDOUT, null)) {
            sink = new AccessLog.Sink.Stdout();
        } else if (tc.is(STDERR, null)) {
            sink = new AccessLog.Sink.Stderr();
        } else {
            return new AccessLog(name, tc.typeUrl(), new AccessLog.Sink.Unsupported(tc.typeUrl()), null, filter);
        }
        return new AccessLog(name, tc.typeUrl(), sink, format(tc.body()), filter);
    }

    /** {@code log_format} (SubstitutionFormatString), or the deprecated {@code format}/{@code json_format}. */
    static AccessLog.Format format(Obj cfg) {
        Obj lf = cfg.obj("log_format");
        if (lf != null) {
            boolean omit = lf.bool("omit_empty_values", false);
            if (lf.has("text_format_source")) {
                Obj src = lf.obj("text_format_source");
                if (src.has("inline_string")) {
                    return new AccessLog.Format.Text(src.str("inline_string", ""));
                } else if (src.has("inline_bytes")) {
                    return new AccessLog.Format.Text(new String(java.util.Base64.getDecoder().decode(
                            src.str("inline_bytes", "")), java.nio.charset.StandardCharsets.UTF_8));
                } else if (src.has("filename")) {
                    throw new BindException(src.ptr("filename"), "text_format_source from a file is not supported");
                }
                return new AccessLog.Format.Text("");
            } else if (lf.has("text_format")) {
                return new AccessLog.Format.Text(lf.str("text_format", ""));
            } else if (lf.has("json_format")) {
                return new AccessLog.Format.Json(lf.obj("json_format").map(), omit);
            }
            return AccessLog.Format.Default.INSTANCE;
        }
        if (cfg.has("format")) {
            return new AccessLog.Format.Text(cfg.str("format", ""));
        }
        if (cfg.has("json_format")) {
            return new AccessLog.Format.Json(cfg.obj("json_format").map(), false);
        }
        if (cfg.has("typed_json_format")) {
            return new AccessLog.Format.Json(cfg.obj("typed_json_format").map(), false);
        }
        return AccessLog.Format.Default.INSTANCE;
    }
}
