package dev.tally.watcher.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.watcher.sandbox.SandboxChain.Block;
import dev.tally.watcher.sandbox.SandboxChain.Transfer;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sandbox chain in PostgreSQL ({@code watcher.sandbox_*}): a restart finds the chain its watcher's checkpoint
 * was taken on, and every node on the database shares one chain. Writers take a transaction-scoped advisory lock, so
 * two nodes never build on the same head at once.
 */
public final class JdbcSandboxStore implements SandboxChain.Store {
    /** The advisory lock key of the sandbox chain's writers ("sandbox" in ASCII). */
    private static final long WRITER_LOCK = 0x73616e64626f78L;
    private static final TypeReference<List<StoredTransfer>> TRANSFERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json = new ObjectMapper();
    private final SandboxChain.Blocks blocks = new Rows();

    public JdbcSandboxStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public <T> T write(Function<SandboxChain.Blocks, T> work) {
        return transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(WRITER_LOCK).query((rs, n) -> 1).list();
            return work.apply(blocks);
        });
    }

    @Override
    public <T> T read(Function<SandboxChain.Blocks, T> work) {
        // Every read of the chain is one statement: it never sees half of a writer's transaction.
        return work.apply(blocks);
    }

    /** A transfer as stored in a block's JSON array or the mempool. */
    record StoredTransfer(String chain, String txHash, int logIndex, String tokenContract, String from, String to,
                          String asset, long baseUnits, boolean succeeded) {
        static StoredTransfer of(Transfer t) {
            return new StoredTransfer(t.chain().code(), t.txHash(), t.logIndex(), t.tokenContract(), t.from(), t.to(),
                                      t.amount().asset().code(), t.amount().baseUnits(), t.succeeded());
        }

        Transfer toTransfer() {
            return new Transfer(Chain.fromCode(chain).orElseThrow(), txHash, logIndex, tokenContract, from, to,
                                TokenAmount.ofBaseUnits(Asset.fromCode(asset).orElseThrow(), baseUnits), succeeded);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sandbox transfer could not be written as JSON", e);
        }
    }

    private List<Transfer> transfers(String text) {
        try {
            return json.readValue(text, TRANSFERS).stream().map(StoredTransfer::toTransfer).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored sandbox block is not readable", e);
        }
    }

    private final RowMapper<Block> blockRow = (rs, n) -> new Block(
            rs.getLong("number"), rs.getString("hash"), rs.getString("parent_hash"),
            rs.getTimestamp("block_time").toInstant(), transfers(rs.getString("transfers")));

    private static final String BLOCK = "SELECT number, hash, parent_hash, block_time, transfers::text AS transfers "
                                        + "FROM watcher.sandbox_blocks ";

    private final class Rows implements SandboxChain.Blocks {
        @Override
        public Optional<Block> head() {
            return jdbc.sql(BLOCK + "ORDER BY number DESC LIMIT 1").query(blockRow).optional();
        }

        @Override
        public Optional<Block> at(long number) {
            return jdbc.sql(BLOCK + "WHERE number = ?").param(number).query(blockRow).optional();
        }

        @Override
        public List<Block> recent(int count) {
            List<Block> newestFirst = new ArrayList<>(
                    jdbc.sql(BLOCK + "ORDER BY number DESC LIMIT ?").param(count).query(blockRow).list());
            Collections.reverse(newestFirst);
            return List.copyOf(newestFirst);
        }

        @Override
        public Optional<Block> holding(String txHash) {
            return jdbc.sql(BLOCK + "WHERE transfers @> jsonb_build_array(jsonb_build_object('txHash', ?::text)) "
                            + "ORDER BY number DESC LIMIT 1")
                       .param(txHash).query(blockRow).optional();
        }

        @Override
        public long count() {
            return jdbc.sql("SELECT count(*) FROM watcher.sandbox_blocks").query(Long.class).single();
        }

        @Override
        public void put(Block block) {
            jdbc.sql("SELECT transfers::text FROM watcher.sandbox_blocks WHERE number = ?").param(block.number())
                .query(String.class).optional()
                .ifPresent(replaced -> account(replaced, -1));
            String transfers = toJson(block.transfers().stream().map(StoredTransfer::of).toList());
            account(transfers, 1);
            jdbc.sql("""
                    INSERT INTO watcher.sandbox_blocks (number, hash, parent_hash, block_time, transfers)
                    VALUES (?, ?, ?, ?, ?::jsonb)
                    ON CONFLICT (number) DO UPDATE SET hash = EXCLUDED.hash, parent_hash = EXCLUDED.parent_hash,
                        block_time = EXCLUDED.block_time, transfers = EXCLUDED.transfers""")
                .params(block.number(), block.hash(), block.parentHash(), Timestamp.from(block.time()), transfers)
                .update();
        }

        /** Adds ({@code sign} 1) or takes back (-1) what a block's transfers, as stored, moved. */
        private void account(String transfers, int sign) {
            jdbc.sql("""
                    INSERT INTO watcher.sandbox_balances (chain, address, base_units)
                    SELECT moved.chain, moved.address, sum(moved.delta) * ?
                    FROM (SELECT t ->> 'chain' AS chain, t ->> 'to' AS address, (t ->> 'baseUnits')::numeric AS delta
                          FROM jsonb_array_elements(?::jsonb) t
                          WHERE (t ->> 'succeeded')::boolean AND t ->> 'tokenContract' = ?
                          UNION ALL
                          SELECT t ->> 'chain', t ->> 'from', -(t ->> 'baseUnits')::numeric
                          FROM jsonb_array_elements(?::jsonb) t
                          WHERE (t ->> 'succeeded')::boolean AND t ->> 'tokenContract' = ?) moved
                    GROUP BY moved.chain, moved.address
                    ON CONFLICT (chain, address)
                        DO UPDATE SET base_units = watcher.sandbox_balances.base_units + EXCLUDED.base_units""")
                .params(sign, transfers, SandboxChain.USDT_CONTRACT, transfers, SandboxChain.USDT_CONTRACT)
                .update();
        }

        @Override
        public BigInteger balance(Chain chain, String address) {
            return jdbc.sql("SELECT base_units FROM watcher.sandbox_balances WHERE chain = ? AND address = ?")
                       .params(chain.code(), address).query(java.math.BigDecimal.class).optional()
                       .map(java.math.BigDecimal::toBigIntegerExact).orElse(BigInteger.ZERO);
        }

        @Override
        public void forgetBelow(long number) {
            jdbc.sql("""
                    DELETE FROM watcher.sandbox_senders s
                    USING watcher.sandbox_blocks b, jsonb_array_elements(b.transfers) t
                    WHERE b.number < ? AND s.tx_hash = t ->> 'txHash'""").param(number).update();
            jdbc.sql("DELETE FROM watcher.sandbox_blocks WHERE number < ?").param(number).update();
        }

        @Override
        public void enqueue(Transfer transfer) {
            jdbc.sql("INSERT INTO watcher.sandbox_mempool (transfer) VALUES (?::jsonb)")
                .param(toJson(StoredTransfer.of(transfer))).update();
        }

        @Override
        public boolean queued(String txHash) {
            return jdbc.sql("SELECT count(*) FROM watcher.sandbox_mempool WHERE transfer->>'txHash' = ?")
                       .param(txHash).query(Long.class).single() > 0;
        }

        @Override
        public List<Transfer> drainMempool() {
            return jdbc.sql("DELETE FROM watcher.sandbox_mempool RETURNING seq, transfer::text")
                       .query((rs, n) -> new Queued(rs.getLong(1), rs.getString(2))).list().stream()
                       .sorted(Comparator.comparingLong(Queued::seq))
                       .map(queued -> readTransfer(queued.transfer()))
                       .toList();
        }

        @Override
        public void recordSender(String txHash, String sender) {
            jdbc.sql("INSERT INTO watcher.sandbox_senders (tx_hash, sender) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(txHash, sender).update();
        }

        @Override
        public Optional<String> sender(String txHash) {
            return jdbc.sql("SELECT sender FROM watcher.sandbox_senders WHERE tx_hash = ?").param(txHash)
                       .query(String.class).optional();
        }
    }

    private record Queued(long seq, String transfer) {
    }

    private Transfer readTransfer(String text) {
        try {
            return json.readValue(text, StoredTransfer.class).toTransfer();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored sandbox transfer is not readable", e);
        }
    }
}
