package io.proxyctl.config.model;

import java.util.List;
import java.util.Objects;

/**
 * A route match: a path specifier and additional header and query-parameter conditions (all must hold).
 *
 * @param path            the path specifier
 * @param caseSensitive   case-sensitive path matching (default true; ignored by {@link PathMatch.SafeRegex})
 * @param headers         header conditions
 * @param queryParameters query-parameter conditions
 * @param grpc            match only gRPC requests ({@code content-type: application/grpc*})
 */
public record RouteMatch(PathMatch path, boolean caseSensitive, List<HeaderMatcher> headers,
                         List<QueryParameterMatcher> queryParameters, boolean grpc) {
    public RouteMatch {
        Objects.requireNonNull(path, "path");
        headers = List.copyOf(headers);
        queryParameters = List.copyOf(queryParameters);
    }

    /** The {@code path_specifier} oneof. */
    public sealed interface PathMatch {
        /** {@code prefix}: the path starts with the value. */
        record Prefix(String prefix) implements PathMatch {
        }

        /** {@code path}: the path without query equals the value. */
        record Path(String path) implements PathMatch {
        }

        /** {@code safe_regex}: the path without query fully matches the regex. */
        record SafeRegex(String regex) implements PathMatch {
        }

        /** {@code path_separated_prefix}: the prefix followed by end, '/' or '?'. */
        record PathSeparatedPrefix(String prefix) implements PathMatch {
        }

        /** {@code connect_matcher}: CONNECT requests. */
        record Connect() implements PathMatch {
        }
    }
}
