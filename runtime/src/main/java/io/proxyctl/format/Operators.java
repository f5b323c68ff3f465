package io.proxyctl.format;

import java.util.Locale;

/** Compiles one operator token ({@code REQ(X-FOO?X-BAR):10}) into an {@link Operator}. */
final class Operators {
    private Operators() {
    }

    static Operator compile(String name, String args, int maxLength) {
        Operator op = switch (name) {
            case "REQ" -> header(args, true, false);
            case "RESP" -> header(args, false, false);
            case "TRAILER" -> header(args, false, true);
            case "START_TIME" -> new StartTimeOperator(args);
            case "RESPONSE_CODE" -> num(c -> c.responseCode());
            case "DURATION" -> num(FormatContext::durationMillis);
            case "REQUEST_DURATION" -> num(FormatContext::requestDurationMillis);
            case "RESPONSE_DURATION" -> num(FormatContext::responseDurationMillis);
            case "BYTES_RECEIVED" -> num(FormatContext::bytesReceived);
            case "BYTES_SENT" -> num(FormatContext::bytesSent);
            case "CONNECTION_ID" -> num(FormatContext::connectionId);
            case "RESPONSE_FLAGS" -> str(c -> c.responseFlags().isEmpty() ? null : c.responseFlags());
            case "RESPONSE_CODE_DETAILS" -> str(FormatContext::responseCodeDetails);
            case "PROTOCOL" -> str(FormatContext::protocol);
            case "UPSTREAM_HOST" -> str(FormatContext::upstreamHost);
            case "UPSTREAM_CLUSTER" -> str(FormatContext::upstreamCluster);
            case "UPSTREAM_LOCAL_ADDRESS" -> str(FormatContext::upstreamLocalAddress);
            case "UPSTREAM_TRANSPORT_FAILURE_REASON" -> str(FormatContext::upstreamTransportFailureReason);
            case "ROUTE_NAME" -> str(FormatContext::routeName);
            case "DOWNSTREAM_REMOTE_ADDRESS" -> str(FormatContext::downstreamRemoteAddress);
            case "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT" -> str(c -> withoutPort(c.downstreamRemoteAddress()));
            case "DOWNSTREAM_REMOTE_PORT" -> str(c -> port(c.downstreamRemoteAddress()));
            case "DOWNSTREAM_DIRECT_REMOTE_ADDRESS" -> str(FormatContext::downstreamDirectRemoteAddress);
            case "DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT" -> str(c -> withoutPort(c.downstreamDirectRemoteAddress()));
            case "DOWNSTREAM_LOCAL_ADDRESS" -> str(FormatContext::downstreamLocalAddress);
            case "DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT" -> str(c -> withoutPort(c.downstreamLocalAddress()));
            case "DOWNSTREAM_LOCAL_PORT" -> str(c -> port(c.downstreamLocalAddress()));
            case "REQUESTED_SERVER_NAME" -> str(c -> null);
            case "HOSTNAME" -> constant(hostname());
            case "GRPC_STATUS" -> GrpcStatusOperator.of(args);
            case "GRPC_STATUS_NUMBER" -> GrpcStatusOperator.of("NUMBER");
            default -> throw new FormatException("unsupported format operator %" + name + "%");
        };
        if (!name.equals("REQ") && !name.equals("RESP") && !name.equals("TRAILER") && !name.equals("START_TIME")
                && !name.equals("GRPC_STATUS") && args != null) {
            throw new FormatException("format operator %" + name + "% takes no arguments");
        }
        return maxLength > 0 ? truncate(op, maxLength) : op;
    }

    private static Operator header(String args, boolean request, boolean trailer) {
        if (args == null || args.isEmpty()) {
            throw new FormatException("%" + (request ? "REQ" : trailer ? "TRAILER" : "RESP") + "% needs a header name, e.g. %REQ(USER-AGENT)%");
        }
        String main = args;
        String alt = null;
        int q = args.indexOf('?');
        if (q >= 0) {
            main = args.substring(0, q);
            alt = args.substring(q + 1);
        }
        String m = main.toLowerCase(Locale.ROOT);
        String a = alt == null ? null : alt.toLowerCase(Locale.ROOT);
        return new Operator() {
            @Override
            boolean append(FormatContext ctx, StringBuilder out) {
                CharSequence v = get(ctx, m);
                if (v == null && a != null) {
                    v = get(ctx, a);
                }
                if (v == null) {
                    return false;
                }
                out.append(v);
                return true;
            }

            private CharSequence get(FormatContext ctx, String h) {
                return request ? ctx.requestHeader(h) : trailer ? ctx.responseTrailer(h) : ctx.responseHeader(h);
            }
        };
    }

    interface LongFn {
        long get(FormatContext c);
    }

    interface StrFn {
        String get(FormatContext c);
    }

    private static Operator num(LongFn f) {
        return new Operator.Numeric() {
            @Override
            long value(FormatContext ctx) {
                return f.get(ctx);
            }
        };
    }

    private static Operator str(StrFn f) {
        return new Operator() {
            @Override
            boolean append(FormatContext ctx, StringBuilder out) {
                String v = f.get(ctx);
                if (v == null) {
                    return false;
                }
                out.append(v);
                return true;
            }
        };
    }

    private static Operator constant(String v) {
        return str(c -> v);
    }

    private static Operator truncate(Operator op, int max) {
        return new Operator() {
            @Override
            boolean append(FormatContext ctx, StringBuilder out) {
                int start = out.length();
                if (!op.append(ctx, out)) {
                    return false;
                }
                if (out.length() - start > max) {
                    out.setLength(start + max);
                }
                return true;
            }
        };
    }

    static String withoutPort(String hostPort) {
        if (hostPort == null) {
            return null;
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.indexOf(':') != colon && !hostPort.startsWith("[")) {
            return hostPort;
        }
        String h = hostPort.substring(0, colon);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    static String port(String hostPort) {
        if (hostPort == null) {
            return null;
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? null : hostPort.substring(colon + 1);
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
