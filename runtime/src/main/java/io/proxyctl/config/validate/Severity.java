package io.proxyctl.config.validate;

/** How bad a diagnostic is; errors make a config invalid, warnings do so only under {@code --strict}. */
public enum Severity {
    ERROR, WARNING, INFO;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
