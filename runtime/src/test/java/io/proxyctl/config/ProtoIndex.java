package io.proxyctl.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official Envoy API as declared in the .proto files of {@code io.envoyproxy.controlplane:api} (a test
 * dependency): every message with its fields (type, repeated/map, deprecated), reserved names, and the v2
 * message each v3 message replaces. Tests use it to prove hand-written tables agree with the API.
 */
public final class ProtoIndex {
    /** One field of a message. */
    public record Field(String name, String type, boolean repeated, boolean map, boolean deprecated) {
    }

    /** One message: full name, fields by name, reserved field names, and its v2 predecessor (or null). */
    public record Message(String name, Map<String, Field> fields, Set<String> reserved, String previous) {
    }

    private static ProtoIndex instance;

    private final Map<String, Message> messages = new TreeMap<>();
    private final Set<String> enums = new HashSet<>();

    /** The index of the API jar on the test class path, parsed once. */
    public static synchronized ProtoIndex get() {
        if (instance == null) {
            instance = load();
        }
        return instance;
    }

    public Message message(String fullName) {
        return messages.get(fullName);
    }

    public Map<String, Message> messages() {
        return messages;
    }

    public boolean isEnum(String fullName) {
        return enums.contains(fullName);
    }

    /** v2 message -> v3 message, from the v3 messages' previous_message_type annotations. */
    public Map<String, String> v2ToV3() {
        Map<String, String> out = new TreeMap<>();
        for (Message m : messages.values()) {
            if (m.previous() != null) {
                out.put(m.previous(), m.name());
            }
        }
        return out;
    }

    private static ProtoIndex load() {
        URL anchor = ProtoIndex.class.getClassLoader().getResource("envoy/config/bootstrap/v3/bootstrap.proto");
        if (anchor == null) {
            throw new IllegalStateException("io.envoyproxy.controlplane:api is not on the test class path");
        }
        ProtoIndex index = new ProtoIndex();
        List<Raw> raws = new ArrayList<>();
        try {
            JarURLConnection c = (JarURLConnection) anchor.openConnection();
            try (JarFile jar = new JarFile(c.getJarFileURL().getPath())) {
                var entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().endsWith(".proto")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            raws.add(new Raw(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, RawMessage> all = new LinkedHashMap<>();
        for (Raw r : raws) {
            r.parse(all, index.enums);
        }
        for (RawMessage rm : all.values()) {
            Map<String, Field> fields = new LinkedHashMap<>();
            for (RawField f : rm.fields) {
                fields.put(f.name, new Field(f.name, index.resolve(f.type, rm.name, all.keySet()), f.repeated, f.map,
                        f.deprecated));
            }
            index.messages.put(rm.name, new Message(rm.name, fields, rm.reserved, rm.previous));
        }
        return index;
    }

    private String resolve(String type, String scope, Set<String> known) {
        if (type.startsWith(".")) {
            return type.substring(1);
        }
        String s = scope;
        while (true) {
            String candidate = s.isEmpty() ? type : s + "." + type;
            if (known.contains(candidate) || enums.contains(candidate)) {
                return candidate;
            }
            if (s.isEmpty()) {
                return type; // scalar (string, uint32, ...)
            }
            int i = s.lastIndexOf('.');
            s = i < 0 ? "" : s.substring(0, i);
        }
    }

    private static final class RawMessage {
        final String name;
        final List<RawField> fields = new ArrayList<>();
        final Set<String> reserved = new HashSet<>();
        String previous;

        RawMessage(String name) {
            this.name = name;
        }
    }

    private record RawField(String name, String type, boolean repeated, boolean map, boolean deprecated) {
    }

    private static final Pattern TOKEN = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|[A-Za-z_.][A-Za-z0-9_.]*|-?[0-9][0-9a-zA-Z.]*|[{}\\[\\]()<>=;,:]");

    private static final class Raw {
        final List<String> toks = new ArrayList<>();
        int i;

        Raw(String text) {
            String stripped = text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
            Matcher m = TOKEN.matcher(stripped);
            while (m.find()) {
                toks.add(m.group());
            }
        }

        void parse(Map<String, RawMessage> all, Set<String> enums) {
            String pkg = "";
            Deque<Object> stack = new ArrayDeque<>(); // RawMessage, or a String marker for other blocks
            while (i < toks.size()) {
                String t = toks.get(i);
                RawMessage cur = null;
                for (Object o : stack) { // innermost message; oneof blocks hold the message's fields
                    if (o instanceof RawMessage rm) {
                        cur = rm;
                        break;
                    }
                }
                String scope = cur != null ? cur.name : pkg;
                if (t.equals("package")) {
                    pkg = toks.get(i + 1);
                    i += 3;
                } else if (t.equals("message") && toks.get(i + 2).equals("{")) {
                    RawMessage rm = new RawMessage(scope.isEmpty() ? toks.get(i + 1) : scope + "." + toks.get(i + 1));
                    all.put(rm.name, rm);
                    stack.push(rm);
                    i += 3;
                } else if (t.equals("enum") && toks.get(i + 2).equals("{")) {
                    enums.add(scope.isEmpty() ? toks.get(i + 1) : scope + "." + toks.get(i + 1));
                    skipBlock(i + 2);
                } else if ((t.equals("service") && cur == null) || (t.equals("extend") && toks.get(i + 2).equals("{"))) {
                    int j = i;
                    while (!toks.get(j).equals("{")) {
                        j++;
                    }
                    skipBlock(j);
                } else if (t.equals("oneof") && toks.get(i + 2).equals("{")) {
                    stack.push("oneof");
                    i += 3;
                } else if (t.equals("}")) {
                    if (stack.isEmpty()) {
                        throw new IllegalStateException("unbalanced '}' in package " + pkg + " near "
                                + toks.subList(Math.max(0, i - 30), i));
                    }
                    stack.pop();
                    i++;
                } else if (t.equals("option")) {
                    int end = statementEnd(i);
                    if (cur != null && toks.subList(i, end).stream().anyMatch(x -> x.endsWith("previous_message_type"))) {
                        StringBuilder sb = new StringBuilder();
                        for (String s : toks.subList(i, end)) {
                            if (s.startsWith("\"")) {
                                sb.append(s, 1, s.length() - 1);
                            }
                        }
                        cur.previous = sb.toString();
                    }
                    i = end + 1;
                } else if (t.equals("reserved")) {
                    int end = statementEnd(i);
                    for (String s : toks.subList(i, end)) {
                        if (s.startsWith("\"") && cur != null) {
                            cur.reserved.add(s.substring(1, s.length() - 1));
                        }
                    }
                    i = end + 1;
                } else if (cur != null && (t.equals("map") && toks.get(i + 1).equals("<"))) {
                    // map < K , V > name = N [opts] ;
                    String value = toks.get(i + 4);
                    String name = toks.get(i + 6);
                    int end = statementEnd(i);
                    cur.fields.add(new RawField(name, value, false, true, deprecated(i, end)));
                    i = end + 1;
                } else if (cur != null && isFieldStart(i)) {
                    boolean repeated = t.equals("repeated");
                    int j = (repeated || t.equals("optional")) ? i + 1 : i;
                    String type = toks.get(j);
                    String name = toks.get(j + 1);
                    int end = statementEnd(i);
                    cur.fields.add(new RawField(name, type, repeated, false, deprecated(i, end)));
                    i = end + 1;
                } else if (t.equals("syntax") || t.equals("import")) {
                    i = statementEnd(i) + 1;
                } else {
                    i++;
                }
            }
        }

        private boolean isFieldStart(int at) {
            int j = at;
            if (toks.get(j).equals("repeated") || toks.get(j).equals("optional")) {
                j++;
            }
            return j + 2 < toks.size() && toks.get(j + 2).equals("=")
                    && Character.isLetter(toks.get(j + 1).charAt(0));
        }

        private boolean deprecated(int from, int to) {
            for (int k = from; k + 2 < to; k++) {
                if (toks.get(k).equals("deprecated") && toks.get(k + 1).equals("=") && toks.get(k + 2).equals("true")) {
                    return true;
                }
            }
            return false;
        }

        private int statementEnd(int from) {
            int depth = 0;
            for (int k = from; k < toks.size(); k++) {
                String s = toks.get(k);
                if (s.equals("{") || s.equals("[") || s.equals("(")) {
                    depth++;
                } else if (s.equals("}") || s.equals("]") || s.equals(")")) {
                    depth--;
                } else if (s.equals(";") && depth == 0) {
                    return k;
                }
            }
            return toks.size();
        }

        private void skipBlock(int openBrace) {
            int depth = 0;
            int k = openBrace;
            do {
                String s = toks.get(k++);
                if (s.equals("{")) {
                    depth++;
                } else if (s.equals("}")) {
                    depth--;
                }
            } while (depth > 0);
            i = k;
        }
    }
}
