package byteback.it.status;

import byteback.it.support.Cmd;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of /metrics, parsed by the Prometheus project's own Python client
 * (prometheus_client.parser), which rejects what is not valid text format. Samples are keyed as
 * {@code name{label="value",...}} with labels sorted.
 */
final class Scrape {
    private static final String PARSER = String.join("\n",
            "import sys",
            "from prometheus_client.parser import text_string_to_metric_families",
            "for family in text_string_to_metric_families(open(sys.argv[1]).read()):",
            "    for s in family.samples:",
            "        labels = ','.join('%s=\"%s\"' % (k, v) for k, v in sorted(s.labels.items()))",
            "        print('%s{%s} %r' % (s.name, labels, s.value))");

    final String contentType;
    final Map<String, Double> samples = new TreeMap<>();

    private Scrape(String contentType) {
        this.contentType = contentType;
    }

    static Scrape of(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
        Scrape s = new Scrape(r.headers().firstValue("Content-Type").orElse(""));
        Path file = Files.createTempFile("metrics", ".txt");
        try {
            Files.writeString(file, r.body());
            Cmd.Result parsed = Cmd.run(List.of("/usr/bin/python3", "-c", PARSER, file.toString()));
            if (parsed.exit() != 0) throw new AssertionError("not valid Prometheus text format: " + parsed + "\n" + r.body());
            for (String line : parsed.out().split("\n")) {
                int space = line.lastIndexOf(' ');
                if (space > 0) s.samples.put(line.substring(0, space), number(line.substring(space + 1)));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return s;
    }

    private static double number(String python) {
        return switch (python) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(python);
        };
    }

    /** The sample's value; NaN when it is absent. */
    double get(String key) {
        return samples.getOrDefault(key, Double.NaN);
    }

    /** A per-client sample, e.g. {@code client("byteback_client_written_bytes_total", "alpha")}. */
    double client(String name, String client) {
        return get(name + "{client=\"" + client + "\"}");
    }
}
