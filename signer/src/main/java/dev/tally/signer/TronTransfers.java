package dev.tally.signer;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import dev.tally.kernel.signing.TransferDraft;

import org.tron.trident.core.key.KeyPair;
import org.tron.trident.proto.Chain;
import org.tron.trident.proto.Common;
import org.tron.trident.proto.Contract;
import org.tron.trident.utils.Base58Check;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;

/**
 * TRC-20 transfers on Tron. The node builds the unsigned transaction (reference block, expiration, fee limit); the
 * signer reads it and signs only if it is exactly one {@code TriggerSmartContract} call from the hot wallet to the
 * token contract, sending no TRX and no other token, whose call is {@code transfer(to, amount)} of the intent, and
 * whose expiration lies ahead within the network's 24 hours. The txid is SHA-256 of {@code raw_data}.
 */
final class TronTransfers {
    /** {@code transfer(address,uint256)}. */
    private static final byte[] TRANSFER = HexFormat.of().parseHex("a9059cbb");
    /** The network refuses a transaction that expires further ahead than this. */
    private static final Duration MAX_EXPIRATION = Duration.ofHours(24);
    private static final HexFormat HEX = HexFormat.of();

    private TronTransfers() {
    }

    /** Why the draft is not the intent's transfer, or empty when it is. */
    static Optional<String> mismatch(TransferDraft.Tron draft, String from, String tokenContract, String to,
                                     BigInteger baseUnits, Instant now) {
        Chain.Transaction.raw raw;
        try {
            raw = Chain.Transaction.raw.parseFrom(HEX.parseHex(draft.rawDataHex()));
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            return Optional.of("the draft is not a Tron transaction's raw_data");
        }
        if (raw.getContractCount() != 1
            || raw.getContract(0).getType() != Chain.Transaction.Contract.ContractType.TriggerSmartContract) {
            return Optional.of("the draft is not one smart-contract call");
        }
        Contract.TriggerSmartContract call;
        try {
            call = raw.getContract(0).getParameter().unpack(Contract.TriggerSmartContract.class);
        } catch (InvalidProtocolBufferException e) {
            return Optional.of("the draft's contract call cannot be read");
        }
        if (!call.getOwnerAddress().equals(addressBytes(from))) {
            return Optional.of("the draft is sent from " + base58(call.getOwnerAddress()) + ", not " + from);
        }
        if (!call.getContractAddress().equals(addressBytes(tokenContract))) {
            return Optional.of("the draft calls " + base58(call.getContractAddress()) + ", not the token contract "
                               + tokenContract);
        }
        if (call.getCallValue() != 0 || call.getCallTokenValue() != 0) {
            return Optional.of("the draft sends TRX or another token along");
        }
        byte[] expected;
        try {
            expected = transferCall(to, baseUnits);
        } catch (IllegalArgumentException e) {
            return Optional.of(to + " is not a Tron address");
        }
        if (!Arrays.equals(call.getData().toByteArray(), expected)) {
            return Optional.of("the draft's call is not transfer(" + to + ", " + baseUnits + ")");
        }
        return expirationMismatch(raw, now);
    }

    /**
     * Why the draft is not a TRX transfer from {@code from} to {@code to} of at most {@code maxSun} (a sweep's
     * energy, burned by the deposit address), or empty when it is.
     */
    static Optional<String> coinMismatch(TransferDraft.Tron draft, String from, String to, BigInteger maxSun,
                                         Instant now) {
        Chain.Transaction.raw raw;
        Contract.TransferContract transfer;
        try {
            raw = Chain.Transaction.raw.parseFrom(HEX.parseHex(draft.rawDataHex()));
            if (raw.getContractCount() != 1
                || raw.getContract(0).getType() != Chain.Transaction.Contract.ContractType.TransferContract) {
                return Optional.of("the draft is not one TRX transfer");
            }
            transfer = raw.getContract(0).getParameter().unpack(Contract.TransferContract.class);
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            return Optional.of("the draft is not a Tron transaction's raw_data");
        }
        if (!transfer.getOwnerAddress().equals(addressBytes(from))) {
            return Optional.of("the draft is sent from " + base58(transfer.getOwnerAddress()) + ", not the hot wallet "
                               + from);
        }
        if (!transfer.getToAddress().equals(addressBytes(to))) {
            return Optional.of("the draft pays " + base58(transfer.getToAddress()) + ", not the deposit address "
                               + to);
        }
        if (transfer.getAmount() <= 0 || BigInteger.valueOf(transfer.getAmount()).compareTo(maxSun) > 0) {
            return Optional.of("the TRX asked for (" + transfer.getAmount() + " SUN) is more than the chain's "
                               + "max-top-up (" + maxSun + " SUN)");
        }
        return expirationMismatch(raw, now);
    }

    /**
     * Why the draft is not the resource account's delegation of energy to the deposit address, of at most
     * {@code maxSun} staked TRX (or, {@code takenBack}, its undelegation from it, of any amount: what was delegated
     * is always taken back, whatever the cap is now), or empty when it is. A delegation must not be locked: a locked
     * one could not be taken back for its lock period.
     */
    static Optional<String> delegationMismatch(TransferDraft.Tron draft, String owner, String receiver,
                                               BigInteger maxSun, boolean takenBack, Instant now) {
        Chain.Transaction.Contract.ContractType type = takenBack
                ? Chain.Transaction.Contract.ContractType.UnDelegateResourceContract
                : Chain.Transaction.Contract.ContractType.DelegateResourceContract;
        Chain.Transaction.raw raw;
        ByteString from;
        ByteString to;
        Common.ResourceCode resource;
        long balance;
        boolean locked;
        try {
            raw = Chain.Transaction.raw.parseFrom(HEX.parseHex(draft.rawDataHex()));
            if (raw.getContractCount() != 1 || raw.getContract(0).getType() != type) {
                return Optional.of("the draft is not one " + type.name());
            }
            if (takenBack) {
                Contract.UnDelegateResourceContract back = raw.getContract(0).getParameter()
                        .unpack(Contract.UnDelegateResourceContract.class);
                from = back.getOwnerAddress();
                to = back.getReceiverAddress();
                resource = back.getResource();
                balance = back.getBalance();
                locked = false;
            } else {
                Contract.DelegateResourceContract delegation = raw.getContract(0).getParameter()
                        .unpack(Contract.DelegateResourceContract.class);
                from = delegation.getOwnerAddress();
                to = delegation.getReceiverAddress();
                resource = delegation.getResource();
                balance = delegation.getBalance();
                locked = delegation.getLock();
            }
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            return Optional.of("the draft is not a Tron transaction's raw_data");
        }
        if (!from.equals(addressBytes(owner))) {
            return Optional.of("the draft is from " + base58(from) + ", not the resource account " + owner);
        }
        if (!to.equals(addressBytes(receiver))) {
            return Optional.of("the draft's receiver is " + base58(to) + ", not the deposit address " + receiver);
        }
        if (resource != Common.ResourceCode.ENERGY) {
            return Optional.of("the draft moves " + resource + ", not ENERGY");
        }
        if (locked) {
            return Optional.of("the draft locks the delegation: it could not be taken back");
        }
        if (balance <= 0) {
            return Optional.of("the draft moves no staked TRX");
        }
        if (!takenBack && BigInteger.valueOf(balance).compareTo(maxSun) > 0) {
            return Optional.of("the staked TRX asked for (" + balance + " SUN) is more than the chain's "
                               + "max-delegation (" + maxSun + " SUN)");
        }
        return expirationMismatch(raw, now);
    }

    private static Optional<String> expirationMismatch(Chain.Transaction.raw raw, Instant now) {
        Instant expiration = Instant.ofEpochMilli(raw.getExpiration());
        if (!expiration.isAfter(now) || expiration.isAfter(now.plus(MAX_EXPIRATION))) {
            return Optional.of("the draft expires at " + expiration + ", not within 24 hours from now");
        }
        return Optional.empty();
    }

    /** Signs a draft that {@link #mismatch} found to be the intent's transfer. */
    static SignedTransaction sign(ECKeyPair key, TransferDraft.Tron draft) {
        byte[] rawData = HEX.parseHex(draft.rawDataHex());
        byte[] txid = Hash.sha256(rawData);
        KeyPair tron = KeyRing.tronKey(key);
        byte[] signature = KeyPair.signTransaction(txid, tron);
        Chain.Transaction signed;
        try {
            signed = Chain.Transaction.newBuilder().setRawData(Chain.Transaction.raw.parseFrom(rawData))
                    .addSignature(ByteString.copyFrom(signature)).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the draft is not a Tron transaction's raw_data", e);
        }
        return new SignedTransaction(HEX.formatHex(txid), HEX.formatHex(signed.toByteArray()));
    }

    /** {@code transfer(to, amount)}: the selector, the 20-byte address and the amount, each word 32 bytes. */
    static byte[] transferCall(String to, BigInteger baseUnits) {
        byte[] data = new byte[4 + 32 + 32];
        System.arraycopy(TRANSFER, 0, data, 0, 4);
        byte[] address = addressBytes(to).toByteArray();
        System.arraycopy(address, 1, data, 4 + 12, 20);
        byte[] amount = baseUnits.toByteArray();
        int length = Math.min(amount.length, 32);
        System.arraycopy(amount, amount.length - length, data, 4 + 64 - length, length);
        return data;
    }

    /** The 21 bytes ({@code 0x41} and 20) of a base58check Tron address. */
    static ByteString addressBytes(String base58) {
        byte[] bytes;
        try {
            bytes = Base58Check.base58ToBytes(base58);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(base58 + " is not a base58check address", e);
        }
        if (bytes.length != 21 || bytes[0] != 0x41) {
            throw new IllegalArgumentException(base58 + " is not a Tron address");
        }
        return ByteString.copyFrom(bytes);
    }

    private static String base58(ByteString address) {
        return Base58Check.bytesToBase58(address.toByteArray());
    }
}
