package io.proxyctl.config.load;

import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads YAML or JSON configuration safely and keeps every node's position.
 *
 * <p>Only the YAML node graph is composed; no Java object is ever constructed from a tag, so a document cannot
 * instantiate types. Aliases, nesting depth, node count and size are bounded, duplicate keys are an error, and
 * scalars resolve the way Envoy's yaml-cpp front end does (bool, int, float, else string; {@code !} forces a
 * string, keys tagged {@code !ignore} are dropped). Never throws for bad input: problems come back as
 * diagnostics naming the file.
 */
public final class YamlLoader {
    /** Name used for standard input in diagnostics. */
    public static final String STDIN = "<stdin>";
    static final long MAX_BYTES = 64L << 20;
    static final int MAX_TOKEN = 1 << 20;
    static final int MAX_DEPTH = 100;
    static final int MAX_NODES = 4_000_000;

    private YamlLoader() {
    }

    /** Loads a path argument; "-" reads standard input. */
    public static LoadResult loadArgument(String arg, InputStream stdin) {
        if ("-".equals(arg)) {
            try {
                return load(STDIN, stdin.readNBytes((int) MAX_BYTES + 1));
            } catch (IOException e) {
                return fail(STDIN, DiagnosticCode.FILE_UNREADABLE, "cannot read standard input: " + e.getMessage());
            }
        }
        Path path = Path.of(arg);
        if (Files.isDirectory(path)) {
            return fail(arg, DiagnosticCode.FILE_UNREADABLE, "is a directory, not a configuration file");
        }
        try {
            if (Files.size(path) > MAX_BYTES) {
                return fail(arg, DiagnosticCode.FILE_TOO_LARGE, "file is larger than 64 MiB");
            }
            return load(arg, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return fail(arg, DiagnosticCode.FILE_NOT_FOUND, "no such file");
        } catch (AccessDeniedException e) {
            return fail(arg, DiagnosticCode.FILE_UNREADABLE, "permission denied");
        } catch (IOException e) {
            return fail(arg, DiagnosticCode.FILE_UNREADABLE, "cannot read: " + e.getMessage());
        }
    }

    /** Loads a document from bytes, naming it {@code name} in diagnostics. */
    public static LoadResult load(String name, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return fail(name, DiagnosticCode.FILE_TOO_LARGE, "input is larger than 64 MiB");
        }
        String text;
        try {
            text = decode(bytes);
        } catch (CharacterCodingException e) {
            return fail(name, DiagnosticCode.FILE_BINARY, "not a text file (invalid UTF-8)");
        }
        if (text.indexOf('\0') >= 0) {
            return fail(name, DiagnosticCode.FILE_BINARY, "not a text file (contains NUL bytes)");
        }
        return loadText(name, text);
    }

    /** Loads a document from text. */
    public static LoadResult loadText(String name, String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Position longToken = longToken(text);
        if (longToken != null) {
            return fail(name, text, DiagnosticCode.FILE_TOO_LARGE, longToken,
                    "a single unbroken value is longer than " + (MAX_TOKEN >> 20) + " MiB; no Envoy field takes one", null);
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // checked below, with positions
        // Nesting and alias expansion are bounded by GuardedParser, which knows where the limit was crossed.
        options.setMaxAliasesForCollections(Integer.MAX_VALUE);
        options.setNestingDepthLimit(MAX_DEPTH + 10);
        options.setCodePointLimit((int) MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        MarkPositions positions = new MarkPositions(text);
        Node node;
        try {
            GuardedParser parser = new GuardedParser(
                    new ParserImpl(new StreamReader(new StringReader(text)), options), MAX_DEPTH, MAX_NODES);
            Composer composer = new Composer(parser, new Resolver(), options);
            node = composer.checkNode() ? composer.getNode() : null;
            Event next = node == null ? null : parser.peekEvent();
            if (next instanceof DocumentStartEvent) {
                return fail(name, text, DiagnosticCode.YAML_MULTIPLE_DOCUMENTS, positions.of(next.getStartMark()),
                        "more than one YAML document; a bootstrap is a single document",
                        "remove the '---' separator and merge the documents");
            }
        } catch (GuardedParser.LimitExceeded e) {
            return fail(name, text, e.code(), positions.of(e.mark()), e.getMessage(), null);
        } catch (MarkedYAMLException e) {
            return fail(name, text, classify(e), errorPosition(e, text, positions), describe(e), null);
        } catch (ReaderException e) {
            return fail(name, text, DiagnosticCode.YAML_SYNTAX, MarkPositions.ofIndex(text, e.getPosition()),
                    "YAML syntax error: " + e.getMessage().replaceAll("\\s+", " ").trim(), null);
        } catch (YAMLException e) {
            return fail(name, text, classify(e), Position.UNKNOWN, e.getMessage(), null);
        } catch (StackOverflowError e) {
            return fail(name, text, DiagnosticCode.YAML_NESTING_LIMIT, Position.UNKNOWN, "document nests too deeply", null);
        }
        if (node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
            return fail(name, text, DiagnosticCode.FILE_EMPTY, new Position(1, 1),
                    "empty document: expected a bootstrap mapping (admin, static_resources, ...)", null);
        }
        SourceMap map = new SourceMap();
        TreeBuilder b = new TreeBuilder(name, map, positions);
        Object root = b.convert(node, "", 0);
        if (!b.diagnostics().isEmpty()) {
            return new LoadResult(null, text, b.diagnostics());
        }
        if (!(root instanceof Map)) {
            return fail(name, text, DiagnosticCode.ROOT_NOT_OBJECT, positions.of(node.getStartMark()),
                    "the top level must be a mapping (the Bootstrap message), found " + describeType(root), null);
        }
        return new LoadResult(new ConfigSource(name, text, root, map), text, List.of());
    }

    /**
     * The start of the first run of more than {@link #MAX_TOKEN} non-blank characters, or null. The YAML scanner's
     * cost grows with the square of a token's length, so such a file would hang validation instead of failing it.
     */
    static Position longToken(String text) {
        int run = 0;
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                run = 0;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == ',' || c == ':' || c == '"' || c == '\''
                    || c == '{' || c == '}' || c == '[' || c == ']') {
                run = 0;
            } else if (++run > MAX_TOKEN) {
                int start = i - run + 1;
                return new Position(line, start - lineStart + 1);
            }
        }
        return null;
    }

    static String describeType(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof Map) {
            return "a mapping";
        } else if (v instanceof List) {
            return "a list";
        } else if (v instanceof String) {
            return "a string";
        } else if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static DiagnosticCode classify(YAMLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("tag is not allowed")) {
            return DiagnosticCode.YAML_UNSUPPORTED_TAG;
        } else if (m.contains("aliases")) {
            return DiagnosticCode.YAML_ALIAS_LIMIT;
        } else if (m.contains("Nesting Depth") || m.contains("nesting depth")) {
            return DiagnosticCode.YAML_NESTING_LIMIT;
        }
        return DiagnosticCode.YAML_SYNTAX;
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
        String context = e.getContext();
        String msg = context != null ? context + ": " + problem : problem;
        return "YAML syntax error: " + msg.replaceAll("\\s+", " ").trim();
    }

    /**
     * Where to point for a syntax error: the problem itself, unless it is only "the end of the file", in which case
     * the construct that was left open (an unclosed bracket or quote) is the useful place.
     */
    private static Position errorPosition(MarkedYAMLException e, String text, MarkPositions positions) {
        Mark problem = e.getProblemMark();
        Mark context = e.getContextMark();
        if (problem == null) {
            return positions.of(context);
        }
        boolean atEnd = text.substring(MarkPositions.charOffset(text, problem)).isBlank();
        if (!atEnd) {
            return positions.of(problem);
        }
        if (context != null && !text.substring(MarkPositions.charOffset(text, context)).isBlank()) {
            return positions.of(context);
        }
        return lastToken(text);
    }

    /** The position of the last non-blank character, for errors that only say "unexpected end of file". */
    private static Position lastToken(String text) {
        int i = text.length() - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        if (i < 0) {
            return new Position(1, 1);
        }
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < i; k++) {
            if (text.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return new Position(line, i - lineStart + 1);
    }

    private static LoadResult fail(String name, DiagnosticCode code, String message) {
        return new LoadResult(null, null, List.of(new Diagnostic(name, 0, 0, code.defaultSeverity(), code, message, "", null)));
    }

    private static LoadResult fail(String name, String text, DiagnosticCode code, Position p, String message, String suggestion) {
        return new LoadResult(null, text, List.of(
                new Diagnostic(name, p.line(), p.column(), code.defaultSeverity(), code, message, "", suggestion)));
    }
}
