package dev.tally.command;

import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.TypeFilter;
import org.springframework.web.bind.annotation.RestController;

/**
 * Leaves the write API's controllers out of a process that carries the command side for its aggregates only
 * ({@code tally.write-api.enabled=false}): the saga coordinator and the chain watcher deployed alone decide their
 * commands in their own transactions, as the launcher does, and serve no writes.
 */
public class WriteApiFilter implements TypeFilter, EnvironmentAware {
    public static final String ENABLED = "tally.write-api.enabled";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
        return !environment.getProperty(ENABLED, Boolean.class, true)
               && reader.getAnnotationMetadata().hasAnnotation(RestController.class.getName());
    }
}
