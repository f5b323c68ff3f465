package io.proxyctl.cli.command;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * SIGINT/SIGTERM handling for long-running commands. A JVM shutdown hook would make the process exit with
 * 128+signal; Envoy exits 0 after a clean drain, and so do we: the first signal starts a graceful shutdown and the
 * command returns normally; a second one exits at once with status 1.
 */
final class Signals {
    private Signals() {
    }

    /**
     * Runs {@code action} on every SIGHUP (on its own thread, one at a time); false when this platform does not
     * deliver SIGHUP or the process was started with it ignored (under nohup).
     */
    static boolean onHangup(Runnable action) {
        java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "proxyctl-sighup");
            t.setDaemon(true);
            return t;
        });
        try {
            // A process started with SIGHUP ignored (nohup) keeps it ignored: the JVM does not install the handler
            // and hands back SIG_IGN.
            if (Signal.handle(new Signal("HUP"), sig -> one.execute(action)) == sun.misc.SignalHandler.SIG_IGN) {
                one.shutdown();
                return false;
            }
            return true;
        } catch (IllegalArgumentException e) {
            one.shutdown();
            return false;
        }
    }

    /** Runs {@code onFirst} on the first SIGINT or SIGTERM. */
    static void onTerminate(Runnable onFirst) {
        AtomicInteger count = new AtomicInteger();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    if (count.incrementAndGet() == 1) {
                        Thread t = new Thread(onFirst, "proxyctl-shutdown");
                        t.setDaemon(true);
                        t.start();
                    } else {
                        Runtime.getRuntime().halt(1);
                    }
                });
            } catch (IllegalArgumentException e) {
                // This platform does not deliver the signal; a shutdown hook still drains on normal exit.
                Runtime.getRuntime().addShutdownHook(new Thread(onFirst, "proxyctl-shutdown-" + name));
            }
        }
    }
}
