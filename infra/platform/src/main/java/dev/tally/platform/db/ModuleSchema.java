package dev.tally.platform.db;

import java.util.List;

/**
 * A PostgreSQL schema that one module owns, with its Flyway migrations at {@code classpath:db/migration/<name>}.
 * Each module declares its own as a bean; {@link SchemaMigrations} migrates them in {@code order}.
 *
 * @param reworded applied migrations whose comments were reworded since (their statements are unchanged)
 */
public record ModuleSchema(String name, int order, List<Reworded> reworded) {

    /**
     * A released migration whose comments changed: a database that applied it with checksum {@code from} (the old
     * text, exactly) is recorded as having applied {@code to} (the new text), so Flyway's validation still refuses
     * any other difference.
     */
    public record Reworded(String version, int from, int to) {
    }

    public ModuleSchema {
        reworded = List.copyOf(reworded);
    }

    public ModuleSchema(String name, int order) {
        this(name, order, List.of());
    }

    public String location() {
        return "classpath:db/migration/" + name;
    }
}
