package dev.tally.launcher.db;

import dev.tally.command.CommandSideAutoConfiguration;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrations;
import dev.tally.platform.test.TestDatabase;
import dev.tally.query.QuerySideAutoConfiguration;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Migrations whose comments were reworded after release: a database that applied the old text starts as before (its
 * history takes the new checksum), a fresh one records the new checksum, and any other difference is still refused.
 */
class RewordedMigrationsTest {
    private final List<ModuleSchema> schemas = List.of(new CommandSideAutoConfiguration().commandSchema(),
                                                       new QuerySideAutoConfiguration().querySchema());

    @Test
    void aDatabaseMigratedWithTheOldTextStartsAndOtherChangesAreStillRefused() {
        try (TestDatabase database = TestDatabase.create()) {
            var dataSource = new DriverManagerDataSource(database.url(), database.user(), database.password());
            JdbcClient jdbc = JdbcClient.create(dataSource);
            new SchemaMigrations(dataSource, schemas).afterPropertiesSet();
            for (ModuleSchema schema : schemas) {
                for (ModuleSchema.Reworded reworded : schema.reworded()) {
                    assertThat(checksum(jdbc, schema, reworded)).as("Flyway's checksum of the new text")
                                                                .isEqualTo(reworded.to());
                    setChecksum(jdbc, schema, reworded, reworded.from());
                }
            }

            new SchemaMigrations(dataSource, schemas).afterPropertiesSet();

            for (ModuleSchema schema : schemas) {
                for (ModuleSchema.Reworded reworded : schema.reworded()) {
                    assertThat(checksum(jdbc, schema, reworded)).isEqualTo(reworded.to());
                }
            }
            ModuleSchema query = schemas.get(1);
            setChecksum(jdbc, query, query.reworded().get(0), 12345);
            assertThatThrownBy(() -> new SchemaMigrations(dataSource, schemas).afterPropertiesSet())
                    .isInstanceOf(FlywayException.class).hasMessageContaining("checksum mismatch");
        }
    }

    private static int checksum(JdbcClient jdbc, ModuleSchema schema, ModuleSchema.Reworded reworded) {
        return jdbc.sql("SELECT checksum FROM " + schema.name() + ".flyway_schema_history WHERE version = ?")
                   .param(reworded.version()).query(Integer.class).single();
    }

    private static void setChecksum(JdbcClient jdbc, ModuleSchema schema, ModuleSchema.Reworded reworded, int value) {
        jdbc.sql("UPDATE " + schema.name() + ".flyway_schema_history SET checksum = ? WHERE version = ?")
            .params(value, reworded.version()).update();
    }
}
