package io.proxyctl.xds.grpc;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The response side of one ADS stream (state of the world or delta): hands the request side over when the call
 * starts, and passes responses and the stream's end on only while this stream is still the transport's current
 * one ({@code generation}), so a stream replaced by a reconnect cannot act on the new one's state.
 */
final class CurrentStreamObserver<Q, R> implements ClientResponseObserver<Q, R> {
    private final int generation;
    private final IntSupplier current;
    private final Consumer<ClientCallStreamObserver<Q>> started;
    private final Consumer<R> response;
    private final Consumer<String> closed;

    CurrentStreamObserver(int generation, IntSupplier current, Consumer<ClientCallStreamObserver<Q>> started,
                          Consumer<R> response, Consumer<String> closed) {
        this.generation = generation;
        this.current = current;
        this.started = started;
        this.response = response;
        this.closed = closed;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> stream) {
        started.accept(stream);
    }

    @Override
    public void onNext(R r) {
        if (generation == current.getAsInt()) {
            response.accept(r);
        }
    }

    @Override
    public void onError(Throwable t) {
        if (generation == current.getAsInt()) {
            closed.accept(io.grpc.Status.fromThrowable(t).toString());
        }
    }

    @Override
    public void onCompleted() {
        if (generation == current.getAsInt()) {
            closed.accept("closed by the server");
        }
    }
}
