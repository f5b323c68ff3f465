package io.proxyctl.upstream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Envoy's DNS name rules for exact subject alternative name matchers. */
class SanVerifyingTrustManagerTest {
    @Test
    void dnsNamesMatchCaseInsensitivelyAndWildcardsCoverOneLabel() {
        assertTrue(SanVerifyingTrustManager.dnsNameMatch("api.example.com", "api.example.com"));
        assertTrue(SanVerifyingTrustManager.dnsNameMatch("API.example.com", "api.EXAMPLE.com"));
        assertTrue(SanVerifyingTrustManager.dnsNameMatch("api.example.com", "*.example.com"));
        assertFalse(SanVerifyingTrustManager.dnsNameMatch("a.api.example.com", "*.example.com"));
        assertFalse(SanVerifyingTrustManager.dnsNameMatch("example.com", "*.example.com"));
        assertFalse(SanVerifyingTrustManager.dnsNameMatch("api.example.org", "*.example.com"));
    }
}
