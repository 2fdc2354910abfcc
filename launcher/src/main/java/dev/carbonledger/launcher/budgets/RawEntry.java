package dev.carbonledger.launcher.budgets;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One budget as an import file writes it, not yet validated: text values, null where not given.
 *
 * @param entry      1-based entry of a YAML list, 0 in CSV
 * @param thresholds the thresholds as written (one or more items), or null for the defaults
 * @param fieldLines the line of each field, where it differs from the entry's (YAML); may be empty
 * @param reported   fields whose value was already reported as unusable (a list where one value belongs), so that
 *                   they are not reported again as missing
 */
record RawEntry(int line, int entry, String team, String period, String limit, String tier, List<String> thresholds,
                Map<String, Integer> fieldLines, Set<String> reported) {
    int lineOf(String field) {
        return fieldLines.getOrDefault(field, line);
    }
}
