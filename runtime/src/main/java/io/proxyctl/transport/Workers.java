package io.proxyctl.transport;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one worker group shared by every listener, upstream connection and timer. Each loop has an index so
 * per-loop state (upstream pools, load-balancer state) lives in plain arrays.
 */
public final class Workers {
    private final Transport transport;
    private final EventLoopGroup group;
    private final EventLoop[] loops;
    private final Map<EventExecutor, Integer> index = new IdentityHashMap<>();

    public Workers(int threads, Transport transport) {
        this.transport = transport;
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("proxyctl-worker", true),
                transport.ioHandlerFactory());
        List<EventLoop> list = new ArrayList<>();
        for (EventExecutor e : group) {
            index.put(e, list.size());
            list.add((EventLoop) e);
        }
        this.loops = list.toArray(new EventLoop[0]);
    }

    public Transport transport() {
        return transport;
    }

    public EventLoopGroup group() {
        return group;
    }

    public int size() {
        return loops.length;
    }

    public EventLoop loop(int i) {
        return loops[i];
    }

    /** The index of a loop of this group (a map lookup: call once per connection, not per request). */
    public int indexOf(EventLoop loop) {
        Integer i = index.get(loop);
        if (i == null) {
            throw new IllegalArgumentException("not a worker loop: " + loop);
        }
        return i;
    }

    /** Shuts the loops down; returns the termination future. */
    public Future<?> shutdown() {
        return group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
