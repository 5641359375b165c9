package dev.tally.platform.config;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The names of the entries of a map-like setting ({@code <prefix>.<name>.<key>…}) from every property source,
 * whatever form they were given in (properties, YAML, environment variables), in name order.
 */
public final class ConfiguredEntries {
    private ConfiguredEntries() {
    }

    /** The entries under {@code prefix} that set at least one key {@code keys} accepts (keys in dashed form). */
    public static Set<String> names(Environment environment, String prefix, Predicate<String> keys) {
        ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
        int depth = root.getNumberOfElements();
        Set<String> names = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream()
                    .filter(name -> name.getNumberOfElements() > depth + 1 && root.isAncestorOf(name))
                    .filter(name -> keys.test(name.getElement(depth + 1, ConfigurationPropertyName.Form.DASHED)))
                    .forEach(name -> names.add(name.getElement(depth, ConfigurationPropertyName.Form.ORIGINAL)));
        }
        return names;
    }
}
