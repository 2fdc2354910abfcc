package dev.carbonledger.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * The registry's state and rules, with no Kafka or HTTP: subjects and their versions, global ids, compatibility
 * levels. Every change is appended to the {@link SchemaLog} first and applied in memory only once stored, so the
 * state can always be rebuilt by replaying the log. Ids are global and assigned in increasing order; the same
 * schema registered under another subject keeps its id, as the Confluent registry does. Thread-safe.
 */
public final class SchemaStore {
    private final SchemaLog log;
    private final CompatibilityLevel defaultLevel;

    private final TreeMap<String, TreeMap<Integer, RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    /** Replays the log into memory; {@code defaultLevel} applies until a global level is set. */
    public SchemaStore(SchemaLog log, CompatibilityLevel defaultLevel) {
        this.log = Objects.requireNonNull(log, "log");
        this.defaultLevel = Objects.requireNonNull(defaultLevel, "defaultLevel");
        this.globalLevel = defaultLevel;
        for (SchemaLogEntry entry : log.readAll()) {
            apply(entry);
        }
    }

    /** A store over an in-memory log with BACKWARD compatibility. */
    public static SchemaStore inMemory() {
        return new SchemaStore(SchemaLog.inMemory(), CompatibilityLevel.BACKWARD);
    }

    /**
     * Registers the schema under the subject, or returns the existing version when the subject already has it.
     *
     * @throws SchemaRegistryException 42201 if the schema does not parse, 409 if it breaks the subject's level
     */
    public synchronized RegisteredSchema register(String subject, String schemaText) {
        requireSubject(subject);
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        Optional<RegisteredSchema> existing = findInSubject(subject, canonical);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<String> problems = incompatibilities(subject, schema);
        if (!problems.isEmpty()) {
            throw SchemaRegistryException.of(SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\" (compatibility " + effectiveLevel(subject) + "), details: " + problems);
        }
        Integer knownId = idsByCanonical.get(canonical);
        int id = knownId != null ? knownId : maxId + 1;
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
        SchemaLogEntry.SchemaVersion entry = new SchemaLogEntry.SchemaVersion(subject, version, id, canonical);
        log.append(entry);
        apply(entry);
        return subjects.get(subject).get(version);
    }

    /** The version of the subject holding this schema, if it was registered there. */
    public synchronized Optional<RegisteredSchema> lookup(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        return findInSubject(subject, schema.toString());
    }

    /** The schema text with that global id. */
    public synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** Subjects holding the schema with that id, sorted. */
    public synchronized List<String> subjectsOf(int id) {
        List<String> result = new ArrayList<>();
        subjects.forEach((subject, versions) -> {
            if (versions.values().stream().anyMatch(v -> v.id() == id)) {
                result.add(subject);
            }
        });
        return result;
    }

    /** Every subject with at least one version, sorted. */
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    public synchronized boolean hasSubject(String subject) {
        return subjects.containsKey(subject);
    }

    /** The subject's versions in ascending order; empty if the subject is unknown. */
    public synchronized List<Integer> versions(String subject) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        return versions == null ? List.of() : List.copyOf(versions.keySet());
    }

    public synchronized Optional<RegisteredSchema> version(String subject, int version) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    public synchronized Optional<RegisteredSchema> latest(String subject) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
    }

    /**
     * Why the schema may not be registered under the subject at its compatibility level; empty when it may.
     *
     * @throws SchemaRegistryException 42201 if the schema does not parse
     */
    public synchronized List<String> checkCompatibility(String subject, String schemaText) {
        return incompatibilities(subject, parse(schemaText));
    }

    /**
     * Why the schema is not compatible with one given version of the subject, in the direction(s) of the
     * subject's level (transitivity does not apply to a single version); empty when it is.
     *
     * @throws SchemaRegistryException 40401 / 40402 if the subject or version does not exist, 42201 if unparsable
     */
    public synchronized List<String> checkCompatibility(String subject, String schemaText, int version) {
        Schema candidate = parse(schemaText);
        if (!subjects.containsKey(subject)) {
            throw SchemaRegistryException.of(SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        RegisteredSchema existing = version(subject, version).orElseThrow(() -> SchemaRegistryException.of(
                SchemaRegistryException.VERSION_NOT_FOUND, "Version " + version + " not found."));
        return incompatibilities(effectiveLevel(subject), candidate, List.of(existing));
    }

    public synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** The subject's own level, else the global one. */
    public synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    public synchronized void setGlobalLevel(CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        SchemaLogEntry.Config entry = new SchemaLogEntry.Config(null, level);
        log.append(entry);
        apply(entry);
    }

    /** Sets the subject's level; {@code null} removes it so the global level applies again. */
    public synchronized void setSubjectLevel(String subject, CompatibilityLevel level) {
        requireSubject(subject);
        SchemaLogEntry.Config entry = new SchemaLogEntry.Config(subject, level);
        log.append(entry);
        apply(entry);
    }

    /** Parses schema text, turning parse failures into Confluent's 42201 error. */
    public static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw SchemaRegistryException.of(SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: empty");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (AvroRuntimeException | NullPointerException | IllegalArgumentException e) {
            throw new SchemaRegistryException("Invalid schema: " + e.getMessage(), 422,
                    SchemaRegistryException.INVALID_SCHEMA, e);
        }
    }

    private void apply(SchemaLogEntry entry) {
        if (entry instanceof SchemaLogEntry.SchemaVersion v) {
            subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>())
                    .put(v.version(), new RegisteredSchema(v.subject(), v.version(), v.id(), v.schema()));
            schemasById.putIfAbsent(v.id(), v.schema());
            idsByCanonical.putIfAbsent(v.schema(), v.id());
            maxId = Math.max(maxId, v.id());
        } else if (entry instanceof SchemaLogEntry.Config c) {
            if (c.subject() == null) {
                globalLevel = c.level() == null ? defaultLevel : c.level();
            } else if (c.level() == null) {
                subjectLevels.remove(c.subject());
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        }
    }

    private Optional<RegisteredSchema> findInSubject(String subject, String canonical) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        if (versions == null) {
            return Optional.empty();
        }
        return versions.values().stream().filter(v -> v.schema().equals(canonical)).findFirst();
    }

    private List<String> incompatibilities(String subject, Schema candidate) {
        CompatibilityLevel level = effectiveLevel(subject);
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        if (level == CompatibilityLevel.NONE || versions == null || versions.isEmpty()) {
            return List.of();
        }
        List<RegisteredSchema> against = level.transitive()
                ? List.copyOf(versions.descendingMap().values())
                : List.of(versions.lastEntry().getValue());
        return incompatibilities(level, candidate, against);
    }

    private static List<String> incompatibilities(CompatibilityLevel level, Schema candidate, List<RegisteredSchema> against) {
        List<String> problems = new ArrayList<>();
        for (RegisteredSchema existing : against) {
            Schema old = new Schema.Parser().parse(existing.schema());
            if (level.backward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), "BACKWARD", existing, problems);
            }
            if (level.forward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), "FORWARD", existing, problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility result, String direction,
                                 RegisteredSchema existing, List<String> problems) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (SchemaCompatibility.Incompatibility problem : result.getResult().getIncompatibilities()) {
            problems.add(direction + " against version " + existing.version() + ": " + problem.getType()
                    + " at " + problem.getLocation() + ": " + problem.getMessage());
        }
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw SchemaRegistryException.of(SchemaRegistryException.UNPROCESSABLE_ENTITY, "Subject must not be blank");
        }
    }
}
