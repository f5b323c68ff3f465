package io.proxyctl.accesslog;

import io.proxyctl.format.FormatContext;
import io.proxyctl.format.JsonFormat;
import io.proxyctl.format.SubstitutionFormat;

/** An access logger with a compiled text or JSON format and one destination. */
final class FormattedAccessLogger implements AccessLogger {
    private final SubstitutionFormat text;
    private final JsonFormat json;
    private final AccessLogWriter writer;
    private final AccessLogWriter.Target target;

    FormattedAccessLogger(SubstitutionFormat text, JsonFormat json, AccessLogWriter writer, AccessLogWriter.Target target) {
        this.text = text;
        this.json = json;
        this.writer = writer;
        this.target = target;
    }

    @Override
    public void log(FormatContext ctx) {
        StringBuilder sb = new StringBuilder(256);
        if (json != null) {
            json.format(ctx, sb);
        } else {
            text.format(ctx, sb, "-");
        }
        writer.submit(target, sb.toString());
    }
}
