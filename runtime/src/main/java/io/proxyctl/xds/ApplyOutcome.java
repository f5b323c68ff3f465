package io.proxyctl.xds;

import java.util.List;

/**
 * The result of applying a configuration: applied, or rejected with one line per problem (our diagnostics,
 * "field.path: message [PXnnnn]"), which become a NACK's error_detail.
 */
public record ApplyOutcome(boolean applied, List<String> problems) {
    public ApplyOutcome {
        problems = List.copyOf(problems);
    }

    public static ApplyOutcome ok() {
        return new ApplyOutcome(true, List.of());
    }

    public static ApplyOutcome rejected(List<String> problems) {
        return new ApplyOutcome(false, problems);
    }

    /** The problems as one text, for a NACK's error_detail or a log line. */
    public String detail() {
        return String.join("; ", problems);
    }
}
