package dev.carbonledger.sinks.policy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parameters of a query string, decoded ({@code %xx} and {@code +}); a name may repeat. */
final class QueryParams {
    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    static QueryParams empty() {
        return new QueryParams(Map.of());
    }

    /**
     * @param rawQuery the query as received (still encoded), or null
     * @throws ApiException 400 when an escape is malformed
     */
    static QueryParams parse(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParams(out);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new QueryParams(out);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the query string is not well encoded near '" + Views.printable(s)
                    + "': use %XX escapes (URL encoding)");
        }
    }

    /** Whether the parameter was given at all, even empty. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The first non-blank value of the parameter, stripped. */
    Optional<String> first(String name) {
        return all(name).stream().findFirst();
    }

    /** Every non-blank value of the parameter, stripped, in order. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of()).stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /**
     * @param expected what the parameter holds, for the message, e.g. "the team whose budget gates the work"
     * @throws ApiException 400 naming the parameter when it is missing or blank
     */
    String required(String name, String expected) {
        return first(name).orElseThrow(() -> ApiException.badRequest(name + " is required: " + expected));
    }
}
