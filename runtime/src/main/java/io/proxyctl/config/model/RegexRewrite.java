package io.proxyctl.config.model;

/** {@code RegexMatchAndSubstitute}: every match of {@code pattern} is replaced by {@code substitution} ({@code \1} groups). */
public record RegexRewrite(String pattern, String substitution) {
}
