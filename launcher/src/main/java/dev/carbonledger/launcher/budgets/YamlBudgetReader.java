package dev.carbonledger.launcher.budgets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Budgets from YAML: {@code budgets:} with a list of mappings (or the list alone), each
 * {@code {team, period, limit, tier?, thresholds?}}; thresholds a list ({@code [0.5, 0.8, 1]}, {@code [50%, 80%]})
 * or one string ({@code "0.5,0.8,1"}). Read token by token, so every problem carries its line and entry number;
 * values are taken as written ({@code team: 007} is team {@code 007}, not 7). Unknown keys, fields given twice and
 * a second YAML document are errors; a syntax error ends the reading with its line.
 */
final class YamlBudgetReader {
    static final Set<String> FIELDS = Set.of("team", "period", "limit", "tier", "thresholds");
    private static final YAMLFactory FACTORY = YAMLFactory.builder().loaderOptions(loaderOptions()).build();

    private final String file;
    private final List<ImportProblem> problems;
    private final List<RawEntry> entries = new ArrayList<>();

    private YamlBudgetReader(String file, List<ImportProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    static List<RawEntry> read(String file, String text, List<ImportProblem> problems) {
        YamlBudgetReader reader = new YamlBudgetReader(file, problems);
        try (JsonParser p = FACTORY.createParser(text)) {
            reader.document(p);
        } catch (JsonProcessingException e) {
            reader.syntaxError(e);
        } catch (IOException | RuntimeException e) {
            // SnakeYAML's own exceptions are not all wrapped by Jackson.
            problems.add(new ImportProblem(file, 0, 0, null, "not valid YAML: " + BudgetText.oneLine(e.getMessage())));
        }
        return reader.entries;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // The file size is checked before parsing (BudgetFile.MAX_BYTES); SnakeYAML's own limit must not be lower.
        options.setCodePointLimit((int) BudgetFile.MAX_BYTES + 1);
        options.setAllowDuplicateKeys(true); // reported by this reader, with both lines
        return options;
    }

    private void document(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            return;
        }
        if (t == JsonToken.START_ARRAY) {
            list(p);
        } else if (t == JsonToken.START_OBJECT) {
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = line(p);
                JsonToken value = p.nextToken();
                if (!"budgets".equals(key)) {
                    problem(line, 0, null, "unknown key '" + key + "' (expected 'budgets:' with a list of budgets)");
                    p.skipChildren();
                } else if (found) {
                    problem(line, 0, null, "'budgets' is given twice");
                    p.skipChildren();
                } else if (value == JsonToken.START_ARRAY) {
                    found = true;
                    list(p);
                } else if (value != JsonToken.VALUE_NULL) {
                    found = true;
                    problem(line, 0, null, "'budgets' must be a list of budgets, got " + describe(value));
                    p.skipChildren();
                }
            }
        } else {
            problem(line(p), 0, null, "expected 'budgets:' with a list of budgets, got " + describe(t));
        }
        if (p.nextToken() != null) {
            problem(line(p), 0, null, "a second YAML document: put every budget in one list");
        }
    }

    private void list(JsonParser p) throws IOException {
        int entry = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            entry++;
            if (t == JsonToken.START_OBJECT) {
                entry(p, entry);
            } else {
                problem(line(p), entry, null, "expected a budget (team: ..., period: ..., limit: ...), got " + describe(t));
                p.skipChildren();
            }
        }
    }

    private void entry(JsonParser p, int entry) throws IOException {
        int line = line(p);
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        List<String> thresholds = null;
        Set<String> reported = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            int fieldLine = line(p);
            JsonToken value = p.nextToken();
            if (!FIELDS.contains(field)) {
                problem(fieldLine, entry, null, "unknown field '" + field + "' (expected team, period, limit, tier, thresholds)");
                p.skipChildren();
                continue;
            }
            Integer earlier = lines.putIfAbsent(field, fieldLine);
            if (earlier != null) {
                problem(fieldLine, entry, field, "given twice (also on line " + earlier + ")");
                p.skipChildren();
                continue;
            }
            if (field.equals("thresholds")) {
                thresholds = thresholds(p, value, fieldLine, entry, reported);
            } else {
                values.put(field, scalar(p, value, fieldLine, entry, field, reported));
            }
        }
        entries.add(new RawEntry(line, entry, values.get("team"), values.get("period"), values.get("limit"),
                values.get("tier"), thresholds, lines, reported));
    }

    private List<String> thresholds(JsonParser p, JsonToken value, int line, int entry, Set<String> reported)
            throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        List<String> items = new ArrayList<>();
        if (value != JsonToken.START_ARRAY) {
            String item = scalar(p, value, line, entry, "thresholds", reported);
            return item == null ? null : List.of(item);
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            String item = scalar(p, t, line(p), entry, "thresholds", reported);
            if (item != null) {
                items.add(item);
            } else if (t == JsonToken.VALUE_NULL) {
                items.add("");
            }
        }
        return items;
    }

    /** The scalar as written; null for YAML null, and for a list or a mapping (reported). */
    private String scalar(JsonParser p, JsonToken value, int line, int entry, String field, Set<String> reported)
            throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.isScalarValue()) {
            return p.getText();
        }
        problem(line, entry, field, "expected a single value, got " + describe(value));
        reported.add(field);
        p.skipChildren();
        return null;
    }

    private void syntaxError(JsonProcessingException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String reason = BudgetText.oneLine(e.getOriginalMessage());
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            // SnakeYAML tells what was found where, and what it was reading since where: more useful than the
            // position of Jackson's last token.
            line = marked.getProblemMark().getLine() + 1;
            reason = BudgetText.oneLine(marked.getProblem());
            if (marked.getContext() != null && marked.getContextMark() != null) {
                reason += " (" + BudgetText.oneLine(marked.getContext()) + " from line " + (marked.getContextMark().getLine() + 1)
                        + ", column " + (marked.getContextMark().getColumn() + 1) + ")";
            }
        }
        problem(line, 0, null, "not valid YAML: " + reason);
    }

    private void problem(int line, int entry, String field, String reason) {
        problems.add(new ImportProblem(file, line, entry, field, reason));
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a mapping";
            case VALUE_NULL -> "nothing";
            default -> "a single value";
        };
    }
}
