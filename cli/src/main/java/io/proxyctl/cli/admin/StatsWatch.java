package io.proxyctl.cli.admin;

import io.proxyctl.cli.ExitCodes;
import io.proxyctl.cli.render.TableRenderer;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code admin stats --watch}: samples the stats every interval. On a terminal it hands over to the full-screen
 * {@link WatchScreen}; otherwise (a pipe, a file, a dumb terminal) it prints a plain table per sample, for
 * {@code --count} samples or until interrupted.
 */
final class StatsWatch {
    private final AdminClient client;
    private final StatsSelection selection;
    private final Duration interval;
    private final Integer count;
    private final PrintWriter out;

    StatsWatch(AdminClient client, StatsSelection selection, Duration interval, Integer count, PrintWriter out) {
        this.client = client;
        this.selection = selection;
        this.interval = interval;
        this.count = count;
        this.out = out;
    }

    int run() {
        if (WatchScreen.available()) {
            return new WatchScreen(this).run();
        }
        return runPlain();
    }

    AdminClient client() {
        return client;
    }

    Duration interval() {
        return interval;
    }

    Integer count() {
        return count;
    }

    StatsSelection selection() {
        return selection;
    }

    /** Prints one table per sample; a failed request ends the watch with the usual one-line error. */
    int runPlain() {
        WatchModel model = new WatchModel(StatKinds.resolve(client, selection));
        long next = System.nanoTime();
        for (int n = 1; count == null || n <= count; n++) {
            List<WatchModel.Row> rows = model.update(StatsFetcher.fetch(client, selection), System.nanoTime());
            out.println("--- " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + client.address() + "  sample " + n
                    + (n == 1 ? "  (rates from the next sample on)" : "  (rates per second over " + DurationConverter.format(interval) + ")"));
            out.print(table(rows));
            out.flush();
            if (count != null && n == count) {
                break;
            }
            next += interval.toNanos();
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return ExitCodes.OK;
    }

    static String table(List<WatchModel.Row> rows) {
        TableRenderer t = new TableRenderer("NAME", "KIND", "VALUE", "RATE/s", "P50", "P99");
        for (WatchModel.Row r : rows) {
            t.row(r.name(), r.kind(), r.value(), WatchModel.rate(r), StatsFormat.number(r.p50()), StatsFormat.number(r.p99()));
        }
        return t.render();
    }
}
