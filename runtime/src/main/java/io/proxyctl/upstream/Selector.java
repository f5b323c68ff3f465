package io.proxyctl.upstream;

/** Picks a host from one fixed list of hosts; built per list by a load-balancing policy. */
interface Selector {
    /** The chosen host; {@code hash} is 0 when the request has none. */
    Host pick(long hash);
}
