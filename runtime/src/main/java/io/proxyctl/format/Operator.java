package io.proxyctl.format;

/** One compiled {@code %OPERATOR%} of a format string. */
abstract class Operator {
    /** Appends the value to {@code out}; returns false (appending nothing) when the value is not available. */
    abstract boolean append(FormatContext ctx, StringBuilder out);

    /** The value for JSON output: a CharSequence, a Long, or null when not available. */
    Object json(FormatContext ctx) {
        StringBuilder sb = new StringBuilder();
        return append(ctx, sb) ? sb.toString() : null;
    }

    /** A numeric operator: JSON renders it as a number. */
    abstract static class Numeric extends Operator {
        /** The value, or a negative number when not available. */
        abstract long value(FormatContext ctx);

        @Override
        final boolean append(FormatContext ctx, StringBuilder out) {
            long v = value(ctx);
            if (v < 0) {
                return false;
            }
            out.append(v);
            return true;
        }

        @Override
        final Object json(FormatContext ctx) {
            long v = value(ctx);
            return v < 0 ? null : (Object) v;
        }
    }
}
