package org.jcare.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes the README's speed table from the committed JSON lines ({@code bench/results/*.jsonl}): per device,
 * workload and precision the latest jcare median beside the PyTorch median measured on the same machine, and
 * their ratio (below 1: jcare is faster).
 *
 * <pre>java -cp ... org.jcare.bench.ResultsTable bench/results</pre>
 */
public final class ResultsTable {
    private ResultsTable() {
    }

    /** Prints the markdown table for the result files in the folder {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        System.out.print(table(Path.of(args.length > 0 ? args[0] : "bench/results")));
    }

    /** The markdown table. */
    public static String table(Path folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode[]> rows = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                if (n.has("kind") || !n.has("median_ms")) {
                    continue; // profiles and other records
                }
                String key = f.getFileName() + "|" + n.get("workload").asText() + "|" + n.get("precision").asText();
                JsonNode[] pair = rows.computeIfAbsent(key, k -> new JsonNode[2]);
                pair["jcare".equals(n.get("system").asText()) ? 0 : 1] = n; // later lines win
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| machine (file) | workload | precision | jcare median | PyTorch median | jcare / PyTorch | jcare commit |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        List<String> keys = new ArrayList<>(rows.keySet());
        for (String k : keys) {
            JsonNode[] p = rows.get(k);
            String[] parts = k.split("\\|");
            String device = p[0] != null ? p[0].get("device").asText() : p[1].get("device").asText();
            sb.append(String.format(Locale.ROOT, "| %s (%s) | %s | %s | %s | %s | %s | %s |%n", device, parts[0],
                    parts[1], parts[2], ms(p[0]), ms(p[1]),
                    p[0] != null && p[1] != null ? String.format(Locale.ROOT, "%.2f",
                            p[0].get("median_ms").asDouble() / p[1].get("median_ms").asDouble()) : "-",
                    p[0] != null ? p[0].get("commit").asText() : "-"));
        }
        return sb.toString();
    }

    private static String ms(JsonNode n) {
        if (n == null) {
            return "-";
        }
        double v = n.get("median_ms").asDouble();
        return v >= 1000 ? String.format(Locale.ROOT, "%.2f s", v / 1000) : String.format(Locale.ROOT, "%.1f ms", v);
    }
}
