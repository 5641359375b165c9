package dev.tally.platform.db;

/**
 * A PostgreSQL schema that one module owns, with its Flyway migrations at {@code classpath:db/migration/<name>}.
 * Each module declares its own as a bean; {@link SchemaMigrations} migrates them in {@code order}.
 */
public record ModuleSchema(String name, int order) {
    public String location() {
        return "classpath:db/migration/" + name;
    }
}
