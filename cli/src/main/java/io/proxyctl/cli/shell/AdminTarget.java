package io.proxyctl.cli.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The admin endpoint the shell is connected to ({@code connect host:port}), passed to later commands that talk to
 * an admin API: their {@code --address} is filled in unless the command line names a target itself.
 */
final class AdminTarget {
    /** Options by which a command line already says which proxy (or dump) it means. */
    private static final Set<String> TARGET_OPTIONS = Set.of("-a", "--address", "-c", "--config", "-f", "--file");

    private String address;

    String address() {
        return address;
    }

    void connect(String hostPort) {
        this.address = hostPort;
    }

    void disconnect() {
        this.address = null;
    }

    /**
     * The arguments with {@code --address <target>} added after the subcommand path when the addressed command
     * has an {@code --address} option and none of the target options is given; otherwise unchanged.
     */
    List<String> apply(CommandLine root, List<String> args) {
        if (address == null) {
            return args;
        }
        CommandSpec spec = root.getCommandSpec();
        int depth = 0;
        while (depth < args.size() && spec.subcommands().containsKey(args.get(depth))) {
            spec = spec.subcommands().get(args.get(depth)).getCommandSpec();
            depth++;
        }
        if (depth == 0 || spec.findOption("--address") == null) {
            return args;
        }
        for (String a : args) {
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (TARGET_OPTIONS.contains(name) || a.equals("--")) {
                return args;
            }
        }
        List<String> out = new ArrayList<>(args.subList(0, depth));
        out.add("--address");
        out.add(address);
        out.addAll(args.subList(depth, args.size()));
        return out;
    }
}
