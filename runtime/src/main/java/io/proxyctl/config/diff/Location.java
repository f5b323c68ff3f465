package io.proxyctl.config.diff;

/**
 * Where a resource or field stands: the input's name and a 1-based line, 0 when no line is meaningful (a live
 * instance's config dump, or a field that does not exist on that side and has no located parent).
 */
public record Location(String file, int line) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
