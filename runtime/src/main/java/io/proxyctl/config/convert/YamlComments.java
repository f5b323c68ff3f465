package io.proxyctl.config.convert;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CommentEvent;
import org.yaml.snakeyaml.events.Event;

/**
 * The comments of a YAML text, found by snakeyaml's scanner (so a '#' inside a string or a block scalar is not
 * mistaken for one), grouped the way a reader sees them: runs of full-line comments and blank lines belong to
 * the content line that follows them; an end-of-line comment belongs to its own line.
 */
public final class YamlComments {
    /**
     * A run of full-line comments (and blank lines, as "") before {@code anchorLine}, or after the document when
     * the anchor is 0.
     */
    public record Block(int anchorLine, List<String> lines) {
        public Block {
            lines = List.copyOf(lines);
        }
    }

    /** An end-of-line comment ("# ...") on {@code line}. */
    public record Trailing(int line, String text) {
    }

    private final List<Block> blocks;
    private final List<Trailing> trailing;

    private YamlComments(List<Block> blocks, List<Trailing> trailing) {
        this.blocks = List.copyOf(blocks);
        this.trailing = List.copyOf(trailing);
    }

    public List<Block> blocks() {
        return blocks;
    }

    public List<Trailing> trailing() {
        return trailing;
    }

    /** The comments of {@code text}; none when the text does not parse. */
    public static YamlComments of(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(true);
        List<CommentEvent> events = new ArrayList<>();
        try {
            for (Event e : new Yaml(options).parse(new StringReader(text))) {
                if (e instanceof CommentEvent c) {
                    events.add(c);
                }
            }
        } catch (YAMLException e) {
            return new YamlComments(List.of(), List.of());
        }
        String[] lines = text.split("\r?\n", -1);
        Set<Integer> commentLines = new HashSet<>();
        for (CommentEvent c : events) {
            if (c.getCommentType() != CommentType.IN_LINE) {
                commentLines.add(c.getStartMark().getLine() + 1);
            }
        }
        List<Block> blocks = new ArrayList<>();
        List<Trailing> trailing = new ArrayList<>();
        List<String> run = new ArrayList<>();
        int lastLine = 0;
        for (CommentEvent c : events) {
            int line = c.getStartMark().getLine() + 1;
            if (c.getCommentType() == CommentType.IN_LINE) {
                trailing.add(new Trailing(line, "#" + c.getValue()));
                continue;
            }
            if (!run.isEmpty() && line != lastLine + 1) {
                blocks.add(new Block(anchor(lastLine, lines, commentLines), run));
                run = new ArrayList<>();
            }
            if (c.getCommentType() == CommentType.BLANK_LINE) {
                // a run of blank lines reads as one; none at the start of the document
                if (!(run.isEmpty() ? blocks.isEmpty() && line == 1 : run.get(run.size() - 1).isEmpty())) {
                    run.add("");
                }
            } else {
                run.add("#" + c.getValue());
            }
            lastLine = line;
        }
        if (!run.isEmpty()) {
            blocks.add(new Block(anchor(lastLine, lines, commentLines), run));
        }
        return new YamlComments(blocks, trailing);
    }

    /** The first content line after {@code line}, or 0 when only comments and blanks follow. */
    private static int anchor(int line, String[] lines, Set<Integer> commentLines) {
        for (int n = line + 1; n <= lines.length; n++) {
            if (!commentLines.contains(n) && !lines[n - 1].isBlank()) {
                return n;
            }
        }
        return 0;
    }
}
