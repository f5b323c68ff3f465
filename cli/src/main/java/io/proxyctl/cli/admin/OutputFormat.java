package io.proxyctl.cli.admin;

/** Output formats of {@code proxyctl admin} commands. */
public enum OutputFormat {
    /** Aligned table (istioctl's "short" output). */
    table,
    /** JSON, keys in a stable order. */
    json,
    /** The same tree as YAML. */
    yaml,
    /** The admin endpoint's reply body, unchanged (what curl would print). */
    raw
}
