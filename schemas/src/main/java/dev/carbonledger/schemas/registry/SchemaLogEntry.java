package dev.carbonledger.schemas.registry;

import java.util.Objects;

/** A change to the registry state, as written to a {@link SchemaLog}. {@link #key()} is the compaction key. */
public sealed interface SchemaLogEntry {

    /** Compaction key: later entries with the same key supersede earlier ones. */
    String key();

    /** A schema registered as a version of a subject under a global id. */
    record SchemaVersion(String subject, int version, int id, String schema) implements SchemaLogEntry {
        public SchemaVersion {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
            if (version < 1 || id < 1) {
                throw new IllegalArgumentException("version and id must be >= 1: version=" + version + " id=" + id);
            }
        }

        @Override
        public String key() {
            return "schema/" + subject + "/" + version;
        }
    }

    /**
     * A compatibility level set globally ({@code subject == null}) or for one subject; a {@code null} level
     * removes the subject-level setting.
     */
    record Config(String subject, CompatibilityLevel level) implements SchemaLogEntry {
        @Override
        public String key() {
            return subject == null ? "config" : "config/" + subject;
        }
    }
}
