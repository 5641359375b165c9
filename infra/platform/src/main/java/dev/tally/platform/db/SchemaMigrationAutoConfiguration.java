package dev.tally.platform.db;

import dev.tally.platform.axon.AxonPostgresAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** Migrates every module's schema before JPA or Axon touch the database. */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
public class SchemaMigrationAutoConfiguration {

    public static final String MIGRATIONS_BEAN = "tallySchemaMigrations";

    @Bean
    public ModuleSchema eventStoreSchema() {
        return new ModuleSchema(AxonPostgresAutoConfiguration.SCHEMA, 0);
    }

    @Bean(MIGRATIONS_BEAN)
    public SchemaMigrations tallySchemaMigrations(DataSource dataSource, ObjectProvider<ModuleSchema> schemas) {
        return new SchemaMigrations(dataSource, schemas.orderedStream().toList());
    }

    @Configuration(proxyBeanMethods = false)
    static class JpaAfterMigrations extends EntityManagerFactoryDependsOnPostProcessor {
        JpaAfterMigrations() {
            super(MIGRATIONS_BEAN);
        }
    }
}
