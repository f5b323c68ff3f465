package io.proxyctl.accesslog;

import io.proxyctl.config.model.AccessLog;
import io.proxyctl.format.JsonFormat;
import io.proxyctl.format.SubstitutionFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link AccessLogger}s from the config model, sharing one {@link AccessLogWriter}. */
public final class AccessLogFactory {
    private final AccessLogWriter writer;
    private final PrintStream stdout;
    private final PrintStream stderr;

    public AccessLogFactory(AccessLogWriter writer, PrintStream stdout, PrintStream stderr) {
        this.writer = writer;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * The loggers for a list of {@code access_log} entries; unsupported logger types are skipped (lint reports
     * them). Throws IllegalArgumentException naming the problem for a bad format or an unwritable file.
     */
    public List<AccessLogger> create(List<AccessLog> configs) {
        List<AccessLogger> out = new ArrayList<>();
        for (AccessLog c : configs) {
            AccessLogger l = create(c);
            if (l != null) {
                out.add(l);
            }
        }
        return List.copyOf(out);
    }

    private AccessLogger create(AccessLog c) {
        AccessLogWriter.Target target;
        if (c.sink() instanceof AccessLog.Sink.File f) {
            try {
                target = writer.file(f.path());
            } catch (IOException e) {
                throw new UncheckedIOException("access log '" + f.path() + "': cannot open for writing ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        } else if (c.sink() instanceof AccessLog.Sink.Stdout) {
            target = writer.stream("stdout", stdout);
        } else if (c.sink() instanceof AccessLog.Sink.Stderr) {
            target = writer.stream("stderr", stderr);
        } else {
            return null;
        }
        if (c.format() instanceof AccessLog.Format.Json j) {
            return new FormattedAccessLogger(null, JsonFormat.compile(j.fields(), j.omitEmptyValues()), writer, target);
        }
        String f = c.format() instanceof AccessLog.Format.Text t ? t.format() : SubstitutionFormat.DEFAULT_ACCESS_LOG;
        return new FormattedAccessLogger(SubstitutionFormat.compile(f), null, writer, target);
    }
}
