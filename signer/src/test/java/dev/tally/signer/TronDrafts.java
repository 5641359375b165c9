package dev.tally.signer;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;

import org.tron.trident.proto.Chain;
import org.tron.trident.proto.Common;
import org.tron.trident.proto.Contract;

/**
 * Unsigned Tron transactions as a node or a wallet builds them (a TRC-20 transfer, a TRX transfer, a delegation of
 * energy), for tests.
 */
final class TronDrafts {
    private TronDrafts() {
    }

    static Contract.TriggerSmartContract.Builder transfer(String from, String token, String to, long baseUnits) {
        return Contract.TriggerSmartContract.newBuilder()
                .setOwnerAddress(TronTransfers.addressBytes(from))
                .setContractAddress(TronTransfers.addressBytes(token))
                .setData(ByteString.copyFrom(TronTransfers.transferCall(to, BigInteger.valueOf(baseUnits))));
    }

    /** A TRX transfer of {@code sun}. */
    static String coins(String from, String to, long sun, Instant expiration) {
        return raw(Chain.Transaction.Contract.ContractType.TransferContract, Contract.TransferContract.newBuilder()
                .setOwnerAddress(TronTransfers.addressBytes(from)).setToAddress(TronTransfers.addressBytes(to))
                .setAmount(sun).build(), expiration, 0);
    }

    /**
     * The resource account's delegation of {@code sun} staked for {@code resource} to {@code receiver}, or
     * ({@code takenBack}) its undelegation.
     */
    static String delegation(String owner, String receiver, long sun, Common.ResourceCode resource, boolean lock,
                             boolean takenBack, Instant expiration) {
        if (takenBack) {
            return raw(Chain.Transaction.Contract.ContractType.UnDelegateResourceContract,
                       Contract.UnDelegateResourceContract.newBuilder()
                               .setOwnerAddress(TronTransfers.addressBytes(owner))
                               .setReceiverAddress(TronTransfers.addressBytes(receiver)).setResource(resource)
                               .setBalance(sun).build(), expiration, 0);
        }
        return raw(Chain.Transaction.Contract.ContractType.DelegateResourceContract,
                   Contract.DelegateResourceContract.newBuilder().setOwnerAddress(TronTransfers.addressBytes(owner))
                           .setReceiverAddress(TronTransfers.addressBytes(receiver)).setResource(resource)
                           .setBalance(sun).setLock(lock).build(), expiration, 0);
    }

    /** A token transfer's contract call, as the node builds it, with a fee limit of 30 TRX. */
    static String raw(Contract.TriggerSmartContract.Builder call, Instant expiration) {
        return raw(Chain.Transaction.Contract.ContractType.TriggerSmartContract, call.build(), expiration, 30_000_000);
    }

    /** The {@code raw_data} of one contract on a fixed reference block, expiring at {@code expiration}. */
    private static String raw(Chain.Transaction.Contract.ContractType type, Message contract, Instant expiration,
                              long feeLimit) {
        Chain.Transaction.raw.Builder raw = Chain.Transaction.raw.newBuilder()
                .setRefBlockBytes(ByteString.copyFrom(HexFormat.of().parseHex("1a2b")))
                .setRefBlockHash(ByteString.copyFrom(HexFormat.of().parseHex("0102030405060708")))
                .setExpiration(expiration.toEpochMilli())
                .setTimestamp(expiration.minusSeconds(60).toEpochMilli())
                .addContract(Chain.Transaction.Contract.newBuilder().setType(type).setParameter(Any.pack(contract)));
        if (feeLimit > 0) {
            raw.setFeeLimit(feeLimit);
        }
        return HexFormat.of().formatHex(raw.build().toByteArray());
    }
}
