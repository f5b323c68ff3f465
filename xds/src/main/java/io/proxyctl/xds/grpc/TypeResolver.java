package io.proxyctl.xds.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the descriptor of a protobuf message by its full name among the generated classes on the class path
 * (io.envoyproxy:api and protobuf), following the java_package conventions of the Envoy, xDS, UDPA and Google
 * protos; nested messages are tried as inner classes. Results, misses included, are cached.
 */
final class TypeResolver {
    private final Map<String, Optional<Descriptor>> cache = new ConcurrentHashMap<>();

    /** The descriptor of {@code messageName} (e.g. {@code envoy.config.cluster.v3.Cluster}), or null. */
    Descriptor find(String messageName) {
        return cache.computeIfAbsent(messageName, n -> Optional.ofNullable(load(n))).orElse(null);
    }

    private static Descriptor load(String name) {
        String javaName = javaName(name);
        if (javaName == null) {
            return null;
        }
        // a.b.Outer.Inner may be the class a.b.Outer$Inner: move the '$' leftwards over capitalised segments.
        String candidate = javaName;
        while (true) {
            Descriptor d = descriptorOf(candidate);
            if (d != null && d.getFullName().equals(name)) {
                return d;
            }
            int dot = candidate.lastIndexOf('.');
            if (dot < 0 || !Character.isUpperCase(candidate.charAt(candidate.lastIndexOf('.', dot - 1) + 1))) {
                return null;
            }
            candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
        }
    }

    private static String javaName(String name) {
        if (name.startsWith("envoy.")) {
            return "io.envoyproxy." + name;
        }
        if (name.startsWith("xds.")) {
            return "com.github." + name;
        }
        if (name.startsWith("udpa.")) {
            return "com.github.udpa." + name;
        }
        if (name.startsWith("google.")) {
            return "com." + name;
        }
        return null;
    }

    private static Descriptor descriptorOf(String className) {
        try {
            Class<?> c = Class.forName(className, false, TypeResolver.class.getClassLoader());
            return (Descriptor) c.getMethod("getDescriptor").invoke(null);
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            return null;
        }
    }
}
