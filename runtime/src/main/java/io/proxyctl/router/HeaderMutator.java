package io.proxyctl.router;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.proxyctl.config.model.HeaderMutations;
import io.proxyctl.config.model.HeaderValueOption;
import io.proxyctl.format.FormatContext;
import io.proxyctl.format.FormatException;
import io.proxyctl.format.SubstitutionFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled sequence of header removals and additions (one or more configuration levels, each applied as
 * "remove, then add"), with values pre-parsed as format strings.
 */
public final class HeaderMutator {
    /** No mutation. */
    public static final HeaderMutator NONE = new HeaderMutator(new Op[0]);

    private record Op(AsciiString name, SubstitutionFormat value, HeaderValueOption.AppendAction action,
                      boolean keepEmpty, boolean remove) {
    }

    private final Op[] ops;

    private HeaderMutator(Op[] ops) {
        this.ops = ops;
    }

    /** The request-side mutations of one level. */
    public static HeaderMutator request(HeaderMutations m, String where) {
        return of(m.requestHeadersToRemove(), m.requestHeadersToAdd(), where);
    }

    /** The response-side mutations of one level. */
    public static HeaderMutator response(HeaderMutations m, String where) {
        return of(m.responseHeadersToRemove(), m.responseHeadersToAdd(), where);
    }

    private static HeaderMutator of(List<String> remove, List<HeaderValueOption> add, String where) {
        if (remove.isEmpty() && add.isEmpty()) {
            return NONE;
        }
        List<Op> ops = new ArrayList<>();
        for (String r : remove) {
            ops.add(new Op(AsciiString.cached(r), null, null, false, true));
        }
        for (HeaderValueOption o : add) {
            SubstitutionFormat f;
            try {
                f = SubstitutionFormat.compile(o.value());
            } catch (FormatException e) {
                throw new RouteCompileException(where + ": header '" + o.key() + "': " + e.getMessage());
            }
            ops.add(new Op(AsciiString.cached(o.key()), f, o.appendAction(), o.keepEmptyValue(), false));
        }
        return new HeaderMutator(ops.toArray(new Op[0]));
    }

    /** This mutator's levels followed by {@code next}'s. */
    public HeaderMutator then(HeaderMutator next) {
        if (next.ops.length == 0) {
            return this;
        }
        if (ops.length == 0) {
            return next;
        }
        Op[] all = new Op[ops.length + next.ops.length];
        System.arraycopy(ops, 0, all, 0, ops.length);
        System.arraycopy(next.ops, 0, all, ops.length, next.ops.length);
        return new HeaderMutator(all);
    }

    public boolean isEmpty() {
        return ops.length == 0;
    }

    public void apply(HttpHeaders headers, FormatContext ctx) {
        for (Op op : ops) {
            if (op.remove) {
                headers.remove(op.name);
                continue;
            }
            String v = op.value.isLiteral() ? op.value.literal() : formatted(op.value, ctx);
            if (v.isEmpty() && !op.keepEmpty) {
                continue;
            }
            switch (op.action) {
                case APPEND_IF_EXISTS_OR_ADD -> headers.add(op.name, v);
                case ADD_IF_ABSENT -> {
                    if (!headers.contains(op.name)) {
                        headers.add(op.name, v);
                    }
                }
                case OVERWRITE_IF_EXISTS_OR_ADD -> headers.set(op.name, v);
                case OVERWRITE_IF_EXISTS -> {
                    if (headers.contains(op.name)) {
                        headers.set(op.name, v);
                    }
                }
            }
        }
    }

    private static String formatted(SubstitutionFormat f, FormatContext ctx) {
        StringBuilder sb = new StringBuilder(32);
        f.format(ctx, sb, null);
        return sb.toString();
    }
}
