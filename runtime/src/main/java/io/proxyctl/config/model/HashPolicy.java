package io.proxyctl.config.model;

/**
 * A route {@code hash_policy} entry for consistent-hash load balancers.
 *
 * @param source   what is hashed
 * @param terminal stop evaluating later policies once this one produced a hash
 */
public record HashPolicy(Source source, boolean terminal) {
    /** The {@code policy_specifier} oneof. */
    public sealed interface Source {
        /** A request header's value, optionally rewritten by a regex first. */
        record Header(String name, RegexRewrite regexRewrite) implements Source {
        }

        /** A cookie's value; with a ttl the proxy sets the cookie when absent. */
        record Cookie(String name, java.time.Duration ttl, String path) implements Source {
        }

        /** The downstream source IP. */
        record SourceIp() implements Source {
        }

        /** A query parameter's value. */
        record QueryParameter(String name) implements Source {
        }

        /** Filter state; not supported by the runtime (never yields a hash). */
        record FilterState(String key) implements Source {
        }
    }
}
