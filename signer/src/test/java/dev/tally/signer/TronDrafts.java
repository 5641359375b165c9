package dev.tally.signer;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;

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
        Contract.TransferContract transfer = Contract.TransferContract.newBuilder()
                .setOwnerAddress(TronTransfers.addressBytes(from)).setToAddress(TronTransfers.addressBytes(to))
                .setAmount(sun).build();
        Chain.Transaction.raw raw = Chain.Transaction.raw.newBuilder()
                .setRefBlockBytes(ByteString.copyFrom(HexFormat.of().parseHex("1a2b")))
                .setRefBlockHash(ByteString.copyFrom(HexFormat.of().parseHex("0102030405060708")))
                .setExpiration(expiration.toEpochMilli())
                .setTimestamp(expiration.minusSeconds(60).toEpochMilli())
                .addContract(Chain.Transaction.Contract.newBuilder()
                                     .setType(Chain.Transaction.Contract.ContractType.TransferContract)
                                     .setParameter(Any.pack(transfer)))
                .build();
        return HexFormat.of().formatHex(raw.toByteArray());
    }

    /**
     * The resource account's delegation of {@code sun} staked for {@code resource} to {@code receiver}, or
     * ({@code takenBack}) its undelegation.
     */
    static String delegation(String owner, String receiver, long sun, Common.ResourceCode resource, boolean lock,
                             boolean takenBack, Instant expiration) {
        com.google.protobuf.Message contract = takenBack
                ? Contract.UnDelegateResourceContract.newBuilder().setOwnerAddress(TronTransfers.addressBytes(owner))
                        .setReceiverAddress(TronTransfers.addressBytes(receiver)).setResource(resource)
                        .setBalance(sun).build()
                : Contract.DelegateResourceContract.newBuilder().setOwnerAddress(TronTransfers.addressBytes(owner))
                        .setReceiverAddress(TronTransfers.addressBytes(receiver)).setResource(resource)
                        .setBalance(sun).setLock(lock).build();
        Chain.Transaction.raw raw = Chain.Transaction.raw.newBuilder()
                .setRefBlockBytes(ByteString.copyFrom(HexFormat.of().parseHex("1a2b")))
                .setRefBlockHash(ByteString.copyFrom(HexFormat.of().parseHex("0102030405060708")))
                .setExpiration(expiration.toEpochMilli())
                .setTimestamp(expiration.minusSeconds(60).toEpochMilli())
                .addContract(Chain.Transaction.Contract.newBuilder()
                                     .setType(takenBack
                                              ? Chain.Transaction.Contract.ContractType.UnDelegateResourceContract
                                              : Chain.Transaction.Contract.ContractType.DelegateResourceContract)
                                     .setParameter(Any.pack(contract)))
                .build();
        return HexFormat.of().formatHex(raw.toByteArray());
    }

    static String raw(Contract.TriggerSmartContract.Builder call, Instant expiration) {
        Chain.Transaction.raw raw = Chain.Transaction.raw.newBuilder()
                .setRefBlockBytes(ByteString.copyFrom(HexFormat.of().parseHex("1a2b")))
                .setRefBlockHash(ByteString.copyFrom(HexFormat.of().parseHex("0102030405060708")))
                .setExpiration(expiration.toEpochMilli())
                .setTimestamp(expiration.minusSeconds(60).toEpochMilli())
                .setFeeLimit(30_000_000)
                .addContract(Chain.Transaction.Contract.newBuilder()
                                     .setType(Chain.Transaction.Contract.ContractType.TriggerSmartContract)
                                     .setParameter(Any.pack(call.build())))
                .build();
        return HexFormat.of().formatHex(raw.toByteArray());
    }
}
