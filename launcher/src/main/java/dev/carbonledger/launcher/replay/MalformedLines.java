package dev.carbonledger.launcher.replay;

import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and reports malformed replay input lines. The first {@link #DETAILED_REPORTS} are reported one by one
 * (file, line, reason); after that only counted, so a broken file cannot flood the terminal.
 */
final class MalformedLines {
    private static final Logger LOGGER = LoggerFactory.getLogger(MalformedLines.class);
    static final int DETAILED_REPORTS = 1000;
    /** Reasons quote the input ("got ..."); a reason is cut here so that a hostile line cannot flood the log. */
    static final int MAX_REASON_CHARS = 300;

    private final Map<String, Long> perFile = new TreeMap<>();
    private long total;

    synchronized void report(String file, long line, String reason) {
        total++;
        perFile.merge(file, 1L, Long::sum);
        if (total <= DETAILED_REPORTS) {
            String shown = reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "...";
            LOGGER.warn("malformed input line skipped file={} line={} reason=\"{}\"", file, line, shown);
        } else if (total == DETAILED_REPORTS + 1) {
            LOGGER.warn("more malformed lines: counting them without details from now on");
        }
    }

    synchronized long total() {
        return total;
    }

    synchronized Map<String, Long> perFile() {
        return Map.copyOf(perFile);
    }
}
