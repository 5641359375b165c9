package dev.tally.watcher.health;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code chains} health component: one entry per watched chain ({@link ChainStatus}). */
public final class ChainsHealthContributor implements CompositeHealthContributor {
    private final Map<String, HealthContributor> chains = new LinkedHashMap<>();

    public ChainsHealthContributor(List<ChainStatus> statuses) {
        statuses.forEach(status -> chains.put(status.name(), status));
    }

    @Override
    public HealthContributor getContributor(String name) {
        return chains.get(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return chains.entrySet().stream()
                     .map(e -> NamedContributor.of(e.getKey(), e.getValue()))
                     .iterator();
    }
}
