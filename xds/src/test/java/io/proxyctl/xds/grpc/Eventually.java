package io.proxyctl.xds.grpc;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds, failing with a description after 10 seconds. */
final class Eventually {
    private Eventually() {
    }

    static void that(BooleanSupplier condition, Supplier<String> description) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within 10 s; " + description.get());
            }
            Thread.sleep(5);
        }
    }
}
