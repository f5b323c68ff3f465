package io.proxyctl.cli.diff;

import io.proxyctl.cli.ProxyctlCommand.UsageException;
import io.proxyctl.config.diff.ResourceSet;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.upgrade.UpgradeResult;
import io.proxyctl.config.upgrade.V2Upgrader;
import io.proxyctl.config.validate.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Turns one {@code diff} argument into a {@link ResourceSet}: a config file (v2 or v3, YAML or JSON, "-" for
 * standard input; v2 goes through {@link V2Upgrader}), a saved {@code /config_dump} JSON, or a running
 * instance given as {@code http://host:port} (or {@code host:port} when no such file exists), read through
 * {@code GET /config_dump?include_eds}. Problems become a one-line {@link UsageException}.
 */
public final class DiffInputLoader {
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final InputStream stdin;
    private final PrintWriter err;

    /** @param err where notes about inputs go (for example that a file was upgraded from v2) */
    public DiffInputLoader(InputStream stdin, PrintWriter err) {
        this.stdin = stdin;
        this.err = err;
    }

    /** True when the argument names a running instance rather than a file. */
    public static boolean isInstance(String arg) {
        return arg.startsWith("http://") || arg.startsWith("https://")
                || HOST_PORT.matcher(arg).matches() && !Files.exists(Path.of(arg));
    }

    public ResourceSet load(String arg) {
        if (isInstance(arg)) {
            return fetch(arg.startsWith("http") ? arg : "http://" + arg);
        }
        LoadResult loaded = YamlLoader.loadArgument(arg, stdin);
        if (!loaded.ok()) {
            throw new UsageException(describe(loaded.diagnostics().get(0)));
        }
        if (ResourceSet.isConfigDump(loaded.source().root())) {
            return ResourceSet.fromConfigDump(loaded.source(), false);
        }
        // v2 files (and deprecated v3 spellings) are compared as the v3 document Envoy would have loaded
        UpgradeResult upgraded = V2Upgrader.upgrade(loaded.source());
        // the upgrade's own v2 evidence; a separate V2Detector pass would walk the document again
        boolean v2 = upgraded.changes().stream().anyMatch(c -> c.kind().isV2Signal());
        if (v2) {
            err.println("proxyctl diff: note: " + arg + " uses the v2 API; compared as its v3 upgrade ("
                    + upgraded.changes().size() + " changes, see 'proxyctl convert " + arg + "')");
            err.flush();
        }
        return ResourceSet.fromBootstrap(upgraded.source());
    }

    private ResourceSet fetch(String base) {
        String url = base.contains("/config_dump") ? base : base.replaceAll("/+$", "") + "/config_dump?include_eds";
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IllegalArgumentException e) {
            throw new UsageException(base + ": not a valid URL (" + e.getMessage() + ")");
        } catch (ConnectException e) {
            throw new UsageException(base + ": cannot connect (is the admin API listening there?)");
        } catch (HttpTimeoutException e) {
            throw new UsageException("GET " + url + ": timed out after " + TIMEOUT.toSeconds() + "s");
        } catch (IOException e) {
            throw new UsageException("GET " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("GET " + url + ": interrupted");
        }
        if (response.statusCode() != 200) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new UsageException("GET " + url + ": HTTP " + response.statusCode()
                    + (body.isEmpty() ? "" : " (" + (body.length() > 120 ? body.substring(0, 120) + "..." : body) + ")"));
        }
        LoadResult loaded = YamlLoader.loadText(base, response.body());
        if (!loaded.ok() || !ResourceSet.isConfigDump(loaded.source().root())) {
            throw new UsageException("GET " + url + ": the response is not an Envoy config dump");
        }
        return ResourceSet.fromConfigDump(loaded.source(), true);
    }

    private static String describe(Diagnostic d) {
        String where = d.line() > 0 ? d.file() + ":" + d.line() + ":" + d.column() : d.file();
        return where + ": " + d.message();
    }
}
