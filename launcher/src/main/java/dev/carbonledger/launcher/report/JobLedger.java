package dev.carbonledger.launcher.report;

import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.LedgerPiece;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The ledger entries of the jobs' pods (the ledger is keyed by pod uid). */
final class JobLedger {
    private final Set<String> pods;
    private final Map<String, List<LedgerEntry>> entries = new HashMap<>();

    JobLedger(Collection<String> podUids) {
        this.pods = Set.copyOf(podUids);
    }

    /** Whether a record with this key can matter, before it is decoded. */
    boolean wants(String podUid) {
        return podUid != null && pods.contains(podUid);
    }

    void entry(LedgerEntry e) {
        if (wants(e.getPodUid())) {
            entries.computeIfAbsent(e.getPodUid(), p -> new ArrayList<>()).add(e);
        }
    }

    List<LedgerEntry> entries(Collection<String> podUids) {
        List<LedgerEntry> all = new ArrayList<>();
        for (String pod : podUids) {
            all.addAll(entries.getOrDefault(pod, List.of()));
        }
        return all;
    }

    /** Every piece of the entries, with its entry's PUE and zone. */
    static List<JobPiece> pieces(List<LedgerEntry> entries) {
        List<JobPiece> pieces = new ArrayList<>();
        for (LedgerEntry e : entries) {
            for (LedgerPiece p : e.getPieces()) {
                long start = p.getStart().toEpochMilli();
                long end = p.getEnd().toEpochMilli();
                if (end > start) {
                    pieces.add(new JobPiece(start, end, p.getEnergyJoules(), p.getCo2eGrams(), e.getPue(), e.getZone()));
                }
            }
        }
        return pieces;
    }
}
