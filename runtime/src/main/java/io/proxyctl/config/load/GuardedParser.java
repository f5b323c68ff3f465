package io.proxyctl.config.load;

import io.proxyctl.config.validate.DiagnosticCode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Watches the parser's events as the composer pulls them and stops a document that would be too costly, at the
 * event that crossed the line, so the error has a position: nesting deeper than {@code maxDepth} collections, or
 * aliases that would expand the document past {@code maxNodes} nodes (an alias bomb).
 *
 * <p>The limit is on what aliases expand to, not on how many there are: Envoy (yaml-cpp) has no alias limit, and a
 * large config that shares settings through {@code <<: *defaults} uses one alias per cluster.
 */
final class GuardedParser implements Parser {
    /** Thrown when a limit is crossed; {@link YamlLoader} turns it into a diagnostic. */
    static final class LimitExceeded extends RuntimeException {
        private final DiagnosticCode code;
        private final transient Mark mark;

        LimitExceeded(DiagnosticCode code, Mark mark, String message) {
            super(message, null, false, false);
            this.code = code;
            this.mark = mark;
        }

        DiagnosticCode code() {
            return code;
        }

        Mark mark() {
            return mark;
        }
    }

    private final Parser delegate;
    private final int maxDepth;
    private final long maxNodes;
    /** Expanded node count of each anchored node, by anchor (a later anchor of the same name replaces it). */
    private final Map<String, Long> anchored = new HashMap<>();
    /** Per open collection: its expanded node count so far, and its anchor (or null). */
    private final Deque<long[]> sizes = new ArrayDeque<>();
    private final Deque<String> anchors = new ArrayDeque<>();
    private long expanded;

    GuardedParser(Parser delegate, int maxDepth, long maxNodes) {
        this.delegate = delegate;
        this.maxDepth = maxDepth;
        this.maxNodes = maxNodes;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return delegate.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return delegate.peekEvent();
    }

    @Override
    public Event getEvent() {
        Event e = delegate.getEvent();
        if (e instanceof CollectionStartEvent c) {
            if (sizes.size() >= maxDepth) {
                throw new LimitExceeded(DiagnosticCode.YAML_NESTING_LIMIT, e.getStartMark(),
                        "the document nests deeper than " + maxDepth + " levels");
            }
            count(e, 1);
            sizes.push(new long[] {1});
            anchors.push(c.getAnchor() == null ? "" : c.getAnchor());
        } else if (e instanceof CollectionEndEvent && !sizes.isEmpty()) {
            long size = sizes.pop()[0];
            String anchor = anchors.pop();
            if (!anchor.isEmpty()) {
                anchored.put(anchor, size);
            }
            if (!sizes.isEmpty()) {
                sizes.peek()[0] += size;
            }
        } else if (e instanceof ScalarEvent s) {
            count(e, 1);
            addToParent(1);
            if (s.getAnchor() != null) {
                anchored.put(s.getAnchor(), 1L);
            }
        } else if (e instanceof AliasEvent a) {
            sawAlias = true;
            // An alias to an undefined anchor is the composer's error to report; count it as one node.
            long size = anchored.getOrDefault(((NodeEvent) a).getAnchor(), 1L);
            count(e, size);
            addToParent(size);
        }
        return e;
    }

    private boolean sawAlias;

    private void count(Event e, long nodes) {
        expanded += nodes;
        if (expanded > maxNodes) {
            throw new LimitExceeded(sawAlias ? DiagnosticCode.YAML_ALIAS_LIMIT : DiagnosticCode.FILE_TOO_LARGE,
                    e.getStartMark(), sawAlias
                            ? "aliases expand the document to more than " + maxNodes + " nodes (an alias bomb?)"
                            : "the document has more than " + maxNodes + " nodes");
        }
    }

    private void addToParent(long nodes) {
        if (!sizes.isEmpty()) {
            sizes.peek()[0] += nodes;
        }
    }
}
