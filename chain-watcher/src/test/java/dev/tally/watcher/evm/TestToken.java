package dev.tally.watcher.evm;

import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tally's test token (contracts/src/TallyTestToken.sol: 6 decimals, symbol USDT, anyone mints) deployed on an
 * {@link AnvilNode} from its committed bytecode. Calls go out as transactions of anvil's unlocked accounts; mine a
 * block to include them.
 */
public final class TestToken {
    private final AnvilNode anvil;
    private final String address;

    private TestToken(AnvilNode anvil, String address) {
        this.anvil = anvil;
        this.address = address;
    }

    /** Deploys a new instance (mines a block). */
    public static TestToken deploy(AnvilNode anvil) {
        String txHash = anvil.send(AnvilNode.ACCOUNT_0.getAddress(), null, "0x" + bytecode());
        anvil.mine();
        TransactionReceipt receipt = anvil.receipt(txHash);
        if (!receipt.isStatusOK() || receipt.getContractAddress() == null) {
            throw new IllegalStateException("deploying the test token failed: " + receipt);
        }
        return new TestToken(anvil, Keys.toChecksumAddress(receipt.getContractAddress()));
    }

    private static String bytecode() {
        try (InputStream in = TestToken.class.getResourceAsStream("/evm/contracts/TallyTestToken.bin")) {
            if (in == null) {
                throw new IllegalStateException("evm/contracts/TallyTestToken.bin is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The contract address, EIP-55. */
    public String address() {
        return address;
    }

    public String mint(String to, long baseUnits) {
        return mint(to, BigInteger.valueOf(baseUnits));
    }

    public String mint(String to, BigInteger baseUnits) {
        return anvil.send(AnvilNode.ACCOUNT_0.getAddress(), address,
                          encode("mint", new Address(to), new Uint256(baseUnits)));
    }

    /** A mint signed by {@code minter}, raw and unsent (for a block that a reorg builds). */
    String signMint(Credentials minter, String to, long baseUnits) {
        return anvil.sign(minter, address, encode("mint", new Address(to), new Uint256(BigInteger.valueOf(baseUnits))));
    }

    String transfer(String from, String to, long baseUnits) {
        return anvil.send(from, address, transferData(to, baseUnits));
    }

    /** A transfer signed by {@code from}, raw and unsent: the same transaction can be sent again after a reorg. */
    String signTransfer(Credentials from, String to, long baseUnits) {
        return anvil.sign(from, address, transferData(to, baseUnits));
    }

    String transferFrom(String spender, String from, String to, long baseUnits) {
        return anvil.send(spender, address, encode("transferFrom", new Address(from), new Address(to),
                                                   new Uint256(BigInteger.valueOf(baseUnits))));
    }

    /** One transaction, one Transfer log per recipient (a payout batch). */
    String transferMany(String from, List<String> to, List<Long> baseUnits) {
        return anvil.send(from, address, encode("transferMany",
                new DynamicArray<>(Address.class, to.stream().map(Address::new).toList()),
                new DynamicArray<>(Uint256.class, baseUnits.stream().map(v -> new Uint256(BigInteger.valueOf(v)))
                                                           .toList())));
    }

    private static String transferData(String to, long baseUnits) {
        return encode("transfer", new Address(to), new Uint256(BigInteger.valueOf(baseUnits)));
    }

    @SuppressWarnings("rawtypes")
    private static String encode(String function, Type... arguments) {
        return FunctionEncoder.encode(new Function(function, List.of(arguments), List.of()));
    }
}
