package io.proxyctl.router;

import com.google.re2j.Pattern;
import io.proxyctl.config.model.HashPolicy;
import java.util.List;

/**
 * A route's compiled {@code hash_policy} list. Hashes of several policies combine as Envoy does (rotate left by
 * one, then xor); a terminal policy that produced a hash stops evaluation.
 */
public final class HashPolicies {
    /** Returned by {@link #compute} when no policy produced a hash. */
    public static final long NO_HASH = 0;

    /** Receives the {@code Set-Cookie} value for a generated hash cookie. */
    public interface CookieSink {
        void setCookie(String setCookieHeaderValue);
    }

    private record Policy(HashPolicy.Source source, Pattern headerRegex, String headerSubstitution, boolean terminal) {
    }

    private final Policy[] policies;

    private HashPolicies(Policy[] policies) {
        this.policies = policies;
    }

    static HashPolicies compile(List<HashPolicy> list, String where) {
        if (list.isEmpty()) {
            return null;
        }
        Policy[] out = new Policy[list.size()];
        for (int i = 0; i < out.length; i++) {
            HashPolicy p = list.get(i);
            Pattern re = null;
            String sub = null;
            if (p.source() instanceof HashPolicy.Source.Header h && h.regexRewrite() != null) {
                re = Regexes.compile(h.regexRewrite().pattern(), where + " hash_policy");
                sub = Regexes.substitution(h.regexRewrite().substitution());
            }
            out[i] = new Policy(p.source(), re, sub, p.terminal());
        }
        return new HashPolicies(out);
    }

    /** The combined hash, or {@link #NO_HASH} (then balancers pick as if no hash was configured). */
    public long compute(RequestView req, CookieSink cookies) {
        long hash = 0;
        boolean any = false;
        for (Policy p : policies) {
            String key = key(p, req, cookies);
            if (key == null) {
                continue;
            }
            long h = Hashing.hash64(key);
            hash = any ? Long.rotateLeft(hash, 1) ^ h : h;
            any = true;
            if (p.terminal) {
                break;
            }
        }
        if (!any) {
            return NO_HASH;
        }
        return hash == NO_HASH ? 1 : hash;
    }

    private static String key(Policy p, RequestView req, CookieSink cookies) {
        HashPolicy.Source s = p.source;
        if (s instanceof HashPolicy.Source.Header h) {
            String v = req.header(h.name());
            if (v != null && p.headerRegex != null) {
                v = p.headerRegex.matcher(v).replaceAll(p.headerSubstitution);
            }
            return v;
        } else if (s instanceof HashPolicy.Source.Cookie c) {
            String v = req.cookie(c.name());
            if (v == null && c.ttl() != null && req.sourceIp() != null) {
                // Envoy generates the cookie from the client address so the client sticks to one host.
                v = Long.toHexString(Hashing.hash64(req.sourceIp()));
                StringBuilder sc = new StringBuilder(c.name()).append("=\"").append(v).append('"');
                if (!c.ttl().isZero()) {
                    sc.append("; Max-Age=").append(c.ttl().getSeconds());
                }
                if (!c.path().isEmpty()) {
                    sc.append("; Path=").append(c.path());
                }
                sc.append("; HttpOnly");
                cookies.setCookie(sc.toString());
            }
            return v;
        } else if (s instanceof HashPolicy.Source.SourceIp) {
            return req.sourceIp();
        } else if (s instanceof HashPolicy.Source.QueryParameter q) {
            return req.queryParameter(q.name());
        }
        return null;
    }
}
