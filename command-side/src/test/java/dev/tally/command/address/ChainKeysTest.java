package dev.tally.command.address;

import dev.tally.command.CommandSideProperties;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.platform.config.RealChains;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrations;
import dev.tally.platform.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deposit keys fail closed: a chain with a node endpoint configured gets its live deposit addresses from the
 * operator's xpub or Tally does not start; a chain without one takes no live invoice; test invoices derive only from
 * a development key, which keeps its private key in a file only its owner can read, so test funds can be recovered.
 */
class ChainKeysTest {
    /** BIP32 test vector 1, m/0'. */
    private static final String XPUB = "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUH"
                                       + "Cdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw";

    private TestDatabase database;
    private DriverManagerDataSource dataSource;
    @TempDir
    Path home;

    @BeforeEach
    void migrate() {
        database = TestDatabase.create();
        dataSource = new DriverManagerDataSource(database.url(), database.user(), database.password());
        new SchemaMigrations(dataSource, List.of(new ModuleSchema("command", 10))).afterPropertiesSet();
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void aChainWithANodeEndpointButNoXpubStopsStartUp() {
        MockEnvironment environment = settings().withProperty("tally.chains.tron.endpoints[0].url", "grpc.example:50051");

        assertThatThrownBy(() -> chainKeys(environment)).isInstanceOf(DepositKeysMissingException.class)
                                                       .hasMessageContaining("tally.chains.tron.xpub must be set")
                                                       .hasMessageContaining("m/44'/195'/0'");
        assertThat(storedKeys()).isZero();
    }

    @Test
    void anEntryNamingItsChainCountsForThatChain() {
        MockEnvironment environment = settings().withProperty("tally.chains.shasta.chain", "tron")
                                                .withProperty("tally.chains.shasta.endpoints[0].url", "grpc.example:1");

        assertThatThrownBy(() -> chainKeys(environment))
                .hasMessageContaining("tally.chains.tron.xpub must be set: tally.chains.shasta watches a real tron");
        assertThat(RealChains.of(environment)).containsOnlyKeys(Chain.TRON);
        assertThat(RealChains.of(settings())).isEmpty();
    }

    @Test
    void liveInvoicesDeriveOnlyFromTheOperatorsXpubAndTestInvoicesOnlyFromADevelopmentKey() {
        MockEnvironment real = settings().withProperty("tally.chains.tron.endpoints[0].url", "grpc.example:50051")
                                         .withProperty("tally.chains.tron.xpub", XPUB);
        ChainKeys keys = chainKeys(real);

        String live = keys.deriver(Chain.TRON, Mode.LIVE).derive(0).address();
        String test = keys.deriver(Chain.TRON, Mode.TEST).derive(0).address();

        assertThat(live).isEqualTo(new DepositAddressDeriver(ExtendedPublicKey.parse(XPUB),
                                                             DepositAddressDeriver.AddressFormat.TRON)
                                           .derive(0).address());
        assertThat(test).isNotEqualTo(live);
        assertThat(storedKeys()).isOne();
        // The same development key on the next start: test addresses stay recoverable with the kept private key.
        assertThat(chainKeys(real).deriver(Chain.TRON, Mode.TEST).derive(0).address()).isEqualTo(test);
    }

    @Test
    void aLiveInvoiceOnAChainWithoutANodeIsRefusedAndNoKeyIsMadeForIt() {
        // An xpub alone is not enough: nothing would see the payments.
        ChainKeys keys = chainKeys(settings().withProperty("tally.chains.tron.xpub", XPUB));

        assertThatThrownBy(() -> keys.deriver(Chain.TRON, Mode.LIVE))
                .isInstanceOfSatisfying(DomainException.class,
                                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RULE_VIOLATION))
                .hasMessageContaining("live invoices on tron are not set up")
                .hasMessageContaining("tly_test_");
        assertThatThrownBy(() -> keys.deriver(Chain.ETHEREUM, Mode.LIVE)).isInstanceOf(DomainException.class);
        assertThat(storedKeys()).isZero();
    }

    @Test
    void testInvoicesAreRefusedWhereTestModeIsOff() {
        ChainKeys keys = chainKeys(settings().withProperty("tally.sandbox.enabled", "false"));

        assertThatThrownBy(() -> keys.deriver(Chain.TRON, Mode.TEST))
                .isInstanceOfSatisfying(DomainException.class,
                                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RULE_VIOLATION))
                .hasMessageContaining("test mode is turned off");
        assertThat(storedKeys()).isZero();
    }

    @Test
    void aDevelopmentKeyKeepsItsAccountPrivateKeyInAFileOnlyItsOwnerCanRead() throws Exception {
        chainKeys(settings()).deriver(Chain.TRON, Mode.TEST);

        String stored = JdbcClient.create(dataSource).sql("SELECT xpub FROM command.chain_keys WHERE chain = 'tron'")
                                  .query(String.class).single();
        List<Path> files;
        try (var listing = Files.list(home.resolve("keys"))) {
            files = listing.toList();
        }
        assertThat(files).singleElement().satisfies(file -> {
            assertThat(file.getFileName().toString()).startsWith("tron-").endsWith(".xprv");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        });
        List<String> lines = Files.readAllLines(files.get(0));
        assertThat(lines).contains("# xpub " + stored);
        String xprv = lines.stream().filter(l -> l.startsWith("xprv")).findFirst().orElseThrow();
        // The private key's public half is the stored xpub's key, with the same chain code and position.
        byte[] privatePayload = Base58.decodeChecked(xprv);
        byte[] publicPayload = Base58.decodeChecked(stored);
        assertThat(Arrays.copyOfRange(privatePayload, 4, 45)).isEqualTo(Arrays.copyOfRange(publicPayload, 4, 45));
        BigInteger secret = new BigInteger(1, Arrays.copyOfRange(privatePayload, 46, 78));
        assertThat(Secp256k1.compressed(Secp256k1.multiplyG(secret)))
                .isEqualTo(Arrays.copyOfRange(publicPayload, 45, 78));
    }

    private MockEnvironment settings() {
        return new MockEnvironment().withProperty("tally.chains.development-keys-directory",
                                                  home.resolve("keys").toString());
    }

    private ChainKeys chainKeys(MockEnvironment environment) {
        CommandSideProperties properties = Binder.get(environment).bind("tally", CommandSideProperties.class)
                                                 .orElseGet(CommandSideProperties::new);
        return new ChainKeys(properties, JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource),
                             Clock.systemUTC(), environment);
    }

    private int storedKeys() {
        return JdbcClient.create(dataSource).sql("SELECT count(*) FROM command.chain_keys").query(Integer.class)
                         .single();
    }
}
