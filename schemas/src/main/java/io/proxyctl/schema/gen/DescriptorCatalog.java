package io.proxyctl.schema.gen;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every protobuf file descriptor of the Envoy API jar and the files they import, keyed by full message and enum
 * name. The jar carries its .proto sources next to the generated classes; each .proto names its Java outer class
 * (java_package plus java_outer_classname, or the defaults protoc derives), whose {@code getDescriptor()} yields
 * the file with all its options, including the protoc-gen-validate and Envoy annotations.
 */
final class DescriptorCatalog {
    private static final Pattern JAVA_PACKAGE = Pattern.compile("option\\s+java_package\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern OUTER_CLASS = Pattern.compile("option\\s+java_outer_classname\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");

    private final Map<String, FileDescriptor> files = new TreeMap<>();
    private final Map<String, Descriptor> messages = new TreeMap<>();
    private final Map<String, EnumDescriptor> enums = new TreeMap<>();

    /** Loads the catalog from the jar that holds {@code anchor}'s class. */
    static DescriptorCatalog load(Class<?> anchor) throws IOException, ReflectiveOperationException {
        DescriptorCatalog c = new DescriptorCatalog();
        for (String proto : protoFiles(anchor)) {
            String text = read(anchor.getClassLoader(), proto);
            c.add(outerClass(anchor.getClassLoader(), proto, text));
        }
        return c;
    }

    Map<String, Descriptor> messages() {
        return messages;
    }

    Map<String, EnumDescriptor> enums() {
        return enums;
    }

    Map<String, FileDescriptor> files() {
        return files;
    }

    private void add(FileDescriptor file) {
        if (files.putIfAbsent(file.getName(), file) != null) {
            return;
        }
        for (FileDescriptor dep : file.getDependencies()) {
            add(dep);
        }
        for (Descriptor d : file.getMessageTypes()) {
            addMessage(d);
        }
        for (EnumDescriptor e : file.getEnumTypes()) {
            enums.put(e.getFullName(), e);
        }
    }

    private void addMessage(Descriptor d) {
        if (d.getOptions().getMapEntry()) {
            return;
        }
        messages.put(d.getFullName(), d);
        for (Descriptor n : d.getNestedTypes()) {
            addMessage(n);
        }
        for (EnumDescriptor e : d.getEnumTypes()) {
            enums.put(e.getFullName(), e);
        }
    }

    private static List<String> protoFiles(Class<?> anchor) throws IOException {
        String res = anchor.getName().replace('.', '/') + ".class";
        URL url = anchor.getClassLoader().getResource(res);
        if (url == null || !"jar".equals(url.getProtocol())) {
            throw new IOException("the Envoy API classes are not in a jar: " + url);
        }
        List<String> out = new ArrayList<>();
        JarURLConnection conn = (JarURLConnection) url.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = conn.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".proto")) {
                    out.add(name);
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static String read(ClassLoader cl, String resource) throws IOException {
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Finds the generated outer class of a .proto file the way protoc names it. */
    private static FileDescriptor outerClass(ClassLoader cl, String proto, String text)
            throws ReflectiveOperationException {
        String pkg = group(JAVA_PACKAGE, text);
        if (pkg == null) {
            pkg = group(PACKAGE, text);
        }
        String outer = group(OUTER_CLASS, text);
        List<String> candidates = new ArrayList<>();
        String prefix = pkg == null || pkg.isEmpty() ? "" : pkg + ".";
        if (outer != null) {
            candidates.add(prefix + outer);
        } else {
            String base = camel(proto.substring(proto.lastIndexOf('/') + 1, proto.length() - ".proto".length()));
            candidates.add(prefix + base);
            candidates.add(prefix + base + "OuterClass");
        }
        for (String name : candidates) {
            try {
                Class<?> c = Class.forName(name, true, cl);
                Object fd = c.getMethod("getDescriptor").invoke(null);
                if (fd instanceof FileDescriptor f && f.getName().equals(proto)) {
                    return f;
                }
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                // protoc appends "OuterClass" when the file name collides with a message; try the next name
            }
        }
        throw new ClassNotFoundException("no generated outer class for " + proto + " (tried " + candidates + ")");
    }

    private static String camel(String fileBase) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char c : fileBase.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                up = true;
            } else if (up) {
                sb.append(Character.toUpperCase(c));
                up = false;
            } else {
                sb.append(c);
                up = Character.isDigit(c);
            }
        }
        return sb.toString();
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
