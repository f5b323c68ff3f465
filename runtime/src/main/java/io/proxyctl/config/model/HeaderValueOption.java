package io.proxyctl.config.model;

import java.util.Objects;

/**
 * A header to add: key, value (may hold {@code %...%} substitution operators) and how to combine it with an
 * existing header.
 */
public record HeaderValueOption(String key, String value, AppendAction appendAction, boolean keepEmptyValue) {
    public HeaderValueOption {
        Objects.requireNonNull(key, "key");
        value = value == null ? "" : value;
        appendAction = appendAction == null ? AppendAction.APPEND_IF_EXISTS_OR_ADD : appendAction;
    }

    /** {@code HeaderValueOption.HeaderAppendAction}; the deprecated {@code append: false} maps to OVERWRITE_IF_EXISTS_OR_ADD. */
    public enum AppendAction { APPEND_IF_EXISTS_OR_ADD, ADD_IF_ABSENT, OVERWRITE_IF_EXISTS_OR_ADD, OVERWRITE_IF_EXISTS }
}
