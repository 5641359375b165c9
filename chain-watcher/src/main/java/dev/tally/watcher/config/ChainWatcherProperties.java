package dev.tally.watcher.config;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.InvalidAmountException;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.config.ConfiguredEntries;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The watcher's settings: each chain under {@code tally.chains.<name>} and the settings for all of them
 * ({@code tally.chains.dust-threshold}, {@code tally.chains.address-refresh-interval},
 * {@code tally.chains.scanner-lease}: how long a process keeps a chain without renewing it), plus the invoices' monitoring
 * window ({@code tally.invoices.monitoring-window}, the same key the command side reads, so both agree).
 * <p>
 * {@code tally.chains} is shared with the command side, which keeps its deposit-address keys there
 * ({@code tally.chains.<chain>.xpub}, {@code tally.chains.generate-development-keys}); so it is bound by hand: an
 * entry is a chain to watch when it sets anything besides {@code xpub}. Nothing is watched by default.
 */
public record ChainWatcherProperties(Map<String, ChainSettings> chains, TokenAmount dustThreshold,
                                     Duration addressRefreshInterval, Duration monitoringWindow,
                                     Duration scannerLease) {

    public static final String PREFIX = "tally.chains";
    /** The command side's key inside a chain entry; it does not make the entry a watched chain. */
    private static final Set<String> COMMAND_SIDE_KEYS = Set.of("xpub");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** The sandbox chain's scanner key. */
    private static final String RESERVED = "sandbox";

    public ChainWatcherProperties {
        chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
    }

    /** The enabled chains, in name order. */
    public List<ChainSettings> enabledChains() {
        return chains.values().stream().filter(ChainSettings::enabled).toList();
    }

    /**
     * Binds and checks the settings.
     *
     * @throws ChainConfigurationException naming the property at fault
     */
    public static ChainWatcherProperties bind(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, ChainSettings> chains = new LinkedHashMap<>();
        Map<dev.tally.kernel.money.Chain, String> byChain = new EnumMap<>(dev.tally.kernel.money.Chain.class);
        for (String name : chainNames(environment)) {
            if (!NAME.matcher(name).matches()) {
                throw new ChainConfigurationException(PREFIX + "." + name,
                        "is not a usable chain name (lower-case letters, digits and dashes)");
            }
            if (name.equals(RESERVED)) {
                throw new ChainConfigurationException(PREFIX + "." + name,
                        "is reserved for the sandbox chain (tally.sandbox.*); give the chain another name");
            }
            ChainProperties properties;
            BoundNames bound = new BoundNames();
            try {
                properties = binder.bind(PREFIX + "." + name, Bindable.of(ChainProperties.class), bound)
                                   .orElseGet(ChainProperties::new);
            } catch (BindException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new ChainConfigurationException(e.getName() != null ? e.getName().toString()
                                                                          : PREFIX + "." + name,
                                                      "is not valid: " + cause.getMessage());
            }
            unknownKeys(environment, ConfigurationPropertyName.of(PREFIX + "." + name), bound.names)
                    .ifPresent(unknown -> {
                        throw new ChainConfigurationException(unknown.toString(), "is not a chain setting");
                    });
            ChainSettings settings = ChainSettings.resolve(name, properties);
            if (settings.enabled()) {
                String other = byChain.put(settings.chain(), name);
                if (other != null) {
                    throw new ChainConfigurationException(PREFIX + "." + name, "watches " + settings.chain().code()
                            + " like " + PREFIX + "." + other + ": one enabled entry per chain");
                }
            }
            chains.put(name, settings);
        }
        TokenAmount dust;
        String dustText = binder.bind(PREFIX + ".dust-threshold", String.class).orElse("0.01");
        try {
            dust = TokenAmount.parse(dustText, Asset.USDT);
        } catch (InvalidAmountException e) {
            throw new ChainConfigurationException(PREFIX + ".dust-threshold",
                    "must be an amount of USDT such as 0.01: " + e.getMessage());
        }
        Duration refresh = binder.bind(PREFIX + ".address-refresh-interval", Duration.class)
                                 .orElse(Duration.ofSeconds(10));
        if (refresh.isNegative() || refresh.isZero()) {
            throw new ChainConfigurationException(PREFIX + ".address-refresh-interval", "must be positive");
        }
        Duration window = binder.bind("tally.invoices.monitoring-window", Duration.class)
                                .orElse(Duration.ofMinutes(60));
        Duration lease = binder.bind(PREFIX + ".scanner-lease", Duration.class).orElse(Duration.ofSeconds(60));
        for (ChainSettings chain : chains.values()) {
            // Renewed at every poll: it must outlast a poll interval and a node call, or a healthy watcher would
            // lose its chain to a standing-by one between two polls.
            Duration needed = chain.pollInterval().plus(chain.callTimeout());
            if (lease.compareTo(needed) <= 0) {
                throw new ChainConfigurationException(PREFIX + ".scanner-lease", "is " + lease + " but must be "
                        + "longer than the poll interval plus the call timeout of chain " + chain.name() + " ("
                        + needed + ")");
            }
        }
        return new ChainWatcherProperties(chains, dust, refresh, window, lease);
    }

    /** Whether any chain entry is configured (even a disabled one). */
    public static boolean anyChainConfigured(Environment environment) {
        return !chainNames(environment).isEmpty();
    }

    /** The entries under {@code tally.chains} that set a watcher key, in name order. */
    static Set<String> chainNames(Environment environment) {
        return ConfiguredEntries.names(environment, PREFIX, key -> !COMMAND_SIDE_KEYS.contains(key));
    }

    /** Records which values a binding used (not the beans and bean lists holding them, whose keys may be wrong). */
    private static final class BoundNames extends AbstractBindHandler {
        final Set<ConfigurationPropertyName> names = new HashSet<>();

        @Override
        public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                                Object result) {
            if (!holdsSettings(target.getType())) {
                names.add(name);
            }
            return result;
        }

        private static boolean holdsSettings(org.springframework.core.ResolvableType type) {
            Class<?> raw = type.resolve(Object.class);
            if (java.util.Collection.class.isAssignableFrom(raw)) {
                raw = type.asCollection().resolveGeneric(0);
            }
            return raw != null && (raw == ChainProperties.class || raw.getEnclosingClass() == ChainProperties.class);
        }
    }

    /** A misspelt key inside a chain entry fails start-up instead of being silently ignored. */
    private static Optional<ConfigurationPropertyName> unknownKeys(Environment environment,
                                                                   ConfigurationPropertyName entry,
                                                                   Set<ConfigurationPropertyName> bound) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            Optional<ConfigurationPropertyName> unknown = iterable.stream()
                    .filter(entry::isAncestorOf)
                    .filter(name -> !COMMAND_SIDE_KEYS.contains(
                            name.getLastElement(ConfigurationPropertyName.Form.DASHED)))
                    .filter(name -> bound.stream().noneMatch(b -> b.equals(name) || b.isAncestorOf(name)))
                    .findFirst();
            if (unknown.isPresent()) {
                return unknown;
            }
        }
        return Optional.empty();
    }
}
