package dev.tally.signer;

/** A transaction the signer signed: its hash (Tron: its txid) and its bytes, both hex with no prefix for Tron. */
record SignedTransaction(String txHash, String rawTransaction) {
}
