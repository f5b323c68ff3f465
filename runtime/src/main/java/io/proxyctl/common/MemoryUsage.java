package io.proxyctl.common;

import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process' memory in the terms of Envoy's {@code /memory} and {@code server.memory_*}: "allocated" is the
 * Java heap in use plus Netty's direct buffers, "heap size" the committed heap plus those buffers, "physical" the
 * resident set size (from {@code /proc/self/statm} on Linux, else the heap size).
 *
 * @param allocated     bytes in use
 * @param heapSize      bytes reserved for the heap and direct buffers
 * @param free          committed heap not in use
 * @param physicalBytes resident bytes
 */
public record MemoryUsage(long allocated, long heapSize, long free, long physicalBytes) {
    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE = 4096;

    public static MemoryUsage now() {
        Runtime rt = Runtime.getRuntime();
        long total = rt.totalMemory();
        long free = rt.freeMemory();
        long direct = Math.max(0, PlatformDependent.usedDirectMemory());
        long heapSize = total + direct;
        return new MemoryUsage(total - free + direct, heapSize, free, rss(heapSize));
    }

    private static long rss(long fallback) {
        try {
            String[] f = Files.readString(STATM).trim().split("\\s+");
            return Long.parseLong(f[1]) * PAGE;
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }
}
