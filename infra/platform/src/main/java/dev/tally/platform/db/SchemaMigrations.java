package dev.tally.platform.db;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.Comparator;
import java.util.List;

/**
 * Runs one Flyway per module schema, each with its own history table inside that schema, so modules evolve their
 * tables independently and can be deployed alone. Runs before JPA and Axon start (see
 * {@link SchemaMigrationAutoConfiguration}).
 */
public class SchemaMigrations implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

    private final DataSource dataSource;
    private final List<ModuleSchema> schemas;

    public SchemaMigrations(DataSource dataSource, List<ModuleSchema> schemas) {
        this.dataSource = dataSource;
        this.schemas = schemas.stream().distinct().sorted(Comparator.comparingInt(ModuleSchema::order)).toList();
    }

    @Override
    public void afterPropertiesSet() {
        for (ModuleSchema schema : schemas) {
            recordRewordings(schema);
            var result = Flyway.configure()
                               .dataSource(dataSource)
                               .schemas(schema.name())
                               .createSchemas(true)
                               .table("flyway_schema_history")
                               .locations(schema.location())
                               .failOnMissingLocations(true)
                               .load()
                               .migrate();
            log.info("Schema {} at version {} ({} migrations applied)", schema.name(),
                     result.targetSchemaVersion, result.migrationsExecuted);
        }
    }

    /** Moves the history of reworded migrations from their old checksum to their new one (nothing else). */
    private void recordRewordings(ModuleSchema schema) {
        if (schema.reworded().isEmpty()) {
            return;
        }
        JdbcClient jdbc = JdbcClient.create(dataSource);
        boolean applied = jdbc.sql("SELECT to_regclass(?) IS NOT NULL")
                              .param(schema.name() + ".flyway_schema_history").query(Boolean.class).single();
        if (!applied) {
            return;
        }
        for (ModuleSchema.Reworded reworded : schema.reworded()) {
            int rows = jdbc.sql("UPDATE \"" + schema.name() + "\".flyway_schema_history SET checksum = ? "
                                + "WHERE version = ? AND checksum = ?")
                           .params(reworded.to(), reworded.version(), reworded.from()).update();
            if (rows > 0) {
                log.info("Schema {}: migration {} was reworded since it was applied; its history now has the new "
                         + "checksum", schema.name(), reworded.version());
            }
        }
    }

    public List<ModuleSchema> schemas() {
        return schemas;
    }
}
