import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.schema.ApiVersion;
import io.proxyctl.config.schema.SchemaValidator;
import io.proxyctl.config.validate.Diagnostic;
import java.util.Arrays;
import java.util.List;

/**
 * What `proxyctl validate` does for the schema half, as a bare main for timing: load the file, validate it,
 * print the error count. Exit status 0 when the document has no schema errors, 1 otherwise.
 *
 * <pre>java -cp ... ValidateBench FILE v3|v2 [--repeat N]</pre>
 *
 * With --repeat N the same file is loaded and validated N more times in this JVM and the median of the last half
 * is printed: the warm time.
 */
public final class ValidateBench {
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ValidateBench FILE v3|v2 [--repeat N]");
            System.exit(2);
        }
        ApiVersion api = ApiVersion.valueOf(args[1].toUpperCase());
        int errors = run(args[0], api);
        System.out.println(args[0] + ": " + errors + " schema errors");
        if (args.length == 4 && args[2].equals("--repeat")) {
            int n = Integer.parseInt(args[3]);
            long[] ms = new long[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                run(args[0], api);
                ms[i] = (System.nanoTime() - t) / 1_000_000;
            }
            long[] tail = Arrays.copyOfRange(ms, n / 2, n);
            Arrays.sort(tail);
            System.out.println("warm (load + validate), median of last " + tail.length + ": " + tail[tail.length / 2]
                    + " ms; all runs " + Arrays.toString(ms));
        }
        System.exit(errors == 0 ? 0 : 1);
    }

    private static int run(String file, ApiVersion api) {
        LoadResult r = YamlLoader.loadArgument(file, System.in);
        if (!r.ok()) {
            System.err.println(r.diagnostics());
            System.exit(2);
        }
        List<Diagnostic> d = SchemaValidator.shared().validate(r.source(), api);
        return d.size();
    }
}
