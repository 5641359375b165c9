package dev.tally.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every setting the deployment files in {@code infra/deploy} name exists: a Tally setting the README's configuration
 * lists (or a variable it or the launcher's defaults read), or a Spring Boot setting its configuration metadata
 * knows. An
 * environment variable names a setting as Spring binds it: upper case, dots and dashes dropped or made underscores.
 */
class DeploymentSettingsTest {
    private static final Path ROOT = Path.of("..", "..");
    private static final Path DEPLOY = ROOT.resolve("infra/deploy");
    /** The JVM's own, not Spring's. */
    private static final Set<String> NOT_SETTINGS = Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX");

    @Test
    void everySettingTheDeploymentFilesNameExists() throws IOException {
        Settings known = Settings.load();
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    collect(document, named);
                }
            }
        }
        assertThat(named).as("settings the deployment files name")
                         .contains("TALLY_DB_URL", "TALLY_ADMIN_API_KEY", "SPRING_PROFILES_ACTIVE");
        List<String> unknown = named.stream().filter(name -> !NOT_SETTINGS.contains(name))
                                    .filter(name -> !known.has(name)).toList();
        assertThat(unknown).as("settings named in infra/deploy that Tally and Spring Boot do not have").isEmpty();
    }

    /** The check itself: a setting nobody has is found out, in either family, and the listed ones pass. */
    @Test
    void aSettingNobodyHasIsFoundOut() {
        Settings known = Settings.load();
        assertThat(known.has("TALLY_NO_SUCH_SETTING")).isFalse();
        assertThat(known.has("SPRING_NO_SUCH_SETTING")).isFalse();
        assertThat(known.has("TALLY_SWEEPS_TRON_BURN_WHEN_SHORT")).isTrue();
        assertThat(known.has("TALLY_SIGNER_CHAINS_TRON_MAX_DELEGATION")).isTrue();
        assertThat(known.has("TALLY_SIGNER_PASSWORD")).isTrue();
        assertThat(known.has("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE")).isTrue();
    }

    /**
     * Environment variables of Tally's containers: compose's {@code environment}, a container's {@code env}, a
     * ConfigMap's {@code data}, a Secret's.
     */
    @SuppressWarnings("unchecked")
    private static void collect(Object node, Set<String> named) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("image") instanceof String image && !image.startsWith("tally")) {
                return; // another program's (PostgreSQL's, the balancer's) settings
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (Set.of("environment", "data", "stringData").contains(key)
                    && entry.getValue() instanceof Map<?, ?> env) {
                    env.keySet().forEach(name -> named.add(String.valueOf(name)));
                } else if ("env".equals(key) && entry.getValue() instanceof List<?> list) {
                    list.forEach(item -> named.add(String.valueOf(((Map<String, Object>) item).get("name"))));
                } else {
                    collect(entry.getValue(), named);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, named));
        }
    }

    /** What Tally and Spring Boot can be told, each as an environment variable's letters and digits. */
    private record Settings(List<Pattern> tally, Set<String> placeholders, Set<String> spring) {
        private static final Pattern README_SETTING = Pattern.compile("`(tally\\.[a-z0-9.<>\\-]+)`");
        private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(TALLY_[A-Z0-9_]+)");
        private static final Pattern README_VARIABLE = Pattern.compile("`(TALLY_[A-Z0-9_]+)`");

        static Settings load() {
            try {
                List<Pattern> tally = new ArrayList<>();
                Matcher readme = README_SETTING.matcher(Files.readString(ROOT.resolve("README.md")));
                while (readme.find()) {
                    String[] parts = readme.group(1).split("<[a-z]+>", -1);
                    StringBuilder regex = new StringBuilder();
                    for (int i = 0; i < parts.length; i++) {
                        regex.append(Pattern.quote(letters(parts[i]))).append(i < parts.length - 1 ? "[a-z0-9]+" : "");
                    }
                    // A listed prefix (tally.query.live.*) or map (…network-fee.<chain>) covers what is under it.
                    tally.add(Pattern.compile(regex + (readme.group(1).endsWith(".") ? ".*" : "")));
                }
                Set<String> placeholders = new TreeSet<>();
                Matcher variable = README_VARIABLE.matcher(Files.readString(ROOT.resolve("README.md")));
                while (variable.find()) {
                    placeholders.add(variable.group(1));
                }
                for (Path defaults : List.of(
                        ROOT.resolve("infra/launcher/src/main/resources/application.yml"),
                        ROOT.resolve("infra/platform/src/main/resources/META-INF/tally/"
                                     + "platform-defaults.properties"))) {
                    Matcher placeholder = PLACEHOLDER.matcher(Files.readString(defaults));
                    while (placeholder.find()) {
                        placeholders.add(placeholder.group(1));
                    }
                }
                Set<String> spring = new TreeSet<>();
                ObjectMapper json = new ObjectMapper();
                for (URL metadata : Collections.list(DeploymentSettingsTest.class.getClassLoader()
                        .getResources("META-INF/spring-configuration-metadata.json"))) {
                    try (InputStream in = metadata.openStream()) {
                        for (JsonNode property : json.readTree(in).path("properties")) {
                            spring.add(letters(property.path("name").asText()));
                        }
                    }
                }
                return new Settings(tally, placeholders, spring);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean has(String variable) {
            String letters = letters(variable);
            if (variable.startsWith("TALLY_")) {
                return placeholders.contains(variable) || tally.stream().anyMatch(p -> p.matcher(letters).matches());
            }
            return spring.contains(letters);
        }

        private static String letters(String name) {
            return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        }
    }
}
