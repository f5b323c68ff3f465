package io.proxyctl.config.diff;

/**
 * How Envoy treats a repeated field: whether order matters, and what identifies an element across two versions
 * of the config (so a changed element is reported as changed, not as one removed and one added).
 *
 * @param ordered  true when Envoy evaluates the elements in order (routes, HTTP filters)
 * @param identity what makes two elements "the same one"
 */
record ListRule(boolean ordered, Identity identity) {
    static final ListRule POSITIONAL = new ListRule(true, Identity.POSITION);
    static final ListRule SET = new ListRule(false, Identity.VALUE);

    static ListRule keyed(Identity identity) {
        return new ListRule(false, identity);
    }

    static ListRule ordered(Identity identity) {
        return new ListRule(true, identity);
    }

    /** What identifies a list element. */
    enum Identity {
        /** Its index (the fallback for lists without a natural key). */
        POSITION,
        /** Its whole value (sets of scalars such as domains). */
        VALUE,
        /** Its {@code name} field. */
        NAME,
        /** A route's {@code name}, else its {@code match}. */
        ROUTE,
        /** A filter chain's {@code name}, else its {@code filter_chain_match} ("*" for the default match). */
        FILTER_CHAIN,
        /** An endpoint's address (host:port). */
        LB_ENDPOINT,
        /** A locality group's locality and priority. */
        LOCALITY
    }
}
