package dev.tally.audit.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/** Signed checkpoints of the chain's head: made when asked for and the head has moved, kept for the record. */
@Component
public class Checkpoints {
    private static final HexFormat HEX = HexFormat.of();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final JdbcTemplate jdbc;
    private final HashChain chain;
    private final CheckpointSigner signer;
    private final Clock clock;

    public Checkpoints(DataSource dataSource, HashChain chain, CheckpointSigner signer, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.chain = chain;
        this.signer = signer;
        this.clock = clock;
    }

    /** A checkpoint of the current head: the stored one if the head has not moved since, else a new one. */
    public synchronized Checkpoint latest() {
        ChainLink head = chain.head().orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND,
                "no event is linked into the hash chain yet"));
        Optional<Checkpoint> stored = jdbc.query(
                "SELECT global_index, digest, signed_at, public_key, signature FROM audit.checkpoints "
                + "ORDER BY global_index DESC, id DESC LIMIT 1",
                (rs, n) -> new Checkpoint(rs.getLong("global_index"), HEX.formatHex(rs.getBytes("digest")),
                                          rs.getString("signed_at"), CheckpointSigner.ALGORITHM,
                                          B64.encodeToString(rs.getBytes("public_key")),
                                          B64.encodeToString(rs.getBytes("signature")))).stream().findFirst();
        if (stored.isPresent() && stored.get().globalIndex() == head.globalIndex()
            && stored.get().publicKey().equals(B64.encodeToString(signer.publicKey()))) {
            return stored.get();
        }
        String digest = HEX.formatHex(head.digest());
        String signedAt = clock.instant().toString();
        byte[] signature = signer.sign(Checkpoint.statement(head.globalIndex(), digest, signedAt));
        jdbc.update("INSERT INTO audit.checkpoints (global_index, digest, signed_at, public_key, signature) "
                    + "VALUES (?, ?, ?, ?, ?)", head.globalIndex(), head.digest(), signedAt, signer.publicKey(), signature);
        return new Checkpoint(head.globalIndex(), digest, signedAt, CheckpointSigner.ALGORITHM,
                              B64.encodeToString(signer.publicKey()), B64.encodeToString(signature));
    }

    /**
     * Re-checks a recorded checkpoint: its signature, that this server's key made it, that the chain's link at its
     * index still has its digest, and that the stored events up to there still hash to the chain.
     */
    public CheckpointCheck check(Checkpoint checkpoint) {
        byte[] publicKey;
        byte[] signature;
        try {
            publicKey = Base64.getDecoder().decode(checkpoint.publicKey());
            signature = Base64.getDecoder().decode(checkpoint.signature());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "publicKey and signature must be base64");
        }
        boolean signatureValid = CheckpointSigner.verify(publicKey, checkpoint.statement(), signature);
        boolean signedByThisServer = Arrays.equals(publicKey, signer.publicKey());
        Optional<ChainLink> link = chain.link(checkpoint.globalIndex());
        boolean digestMatches = link.map(l -> HEX.formatHex(l.digest()).equalsIgnoreCase(checkpoint.digest()))
                                    .orElse(false);
        VerificationResult chainCheck = chain.verify(1L, checkpoint.globalIndex());
        boolean reachesCheckpoint = chainCheck.toIndex() == checkpoint.globalIndex();
        boolean valid = signatureValid && signedByThisServer && digestMatches && chainCheck.intact() && reachesCheckpoint;
        return new CheckpointCheck(valid, signatureValid, signedByThisServer, digestMatches, chainCheck);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckpointCheck(boolean valid, boolean signatureValid, boolean signedByThisServer,
                                  boolean digestMatches, VerificationResult chain) {
    }
}
