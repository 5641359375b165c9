package dev.tally.command.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published test vectors of BIP-0032 (bitcoin/bips, bip-0032.mediawiki, "Test Vectors").
 */
class Bip32TestVectorsTest {

    record Row(String vector, String seedHex, String path, String xpub, String xprv) {
        @Override
        public String toString() {
            return vector + " " + path;
        }
    }

    static final String SEED_1 = "000102030405060708090a0b0c0d0e0f";
    static final String SEED_2 = "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a87"
            + "84817e7b7875726f6c696663605d5a5754514e4b484542";
    static final String SEED_3 = "4b381541583be4423346c643850da4b320e46a87ae3d2a4e6da11eba819cd4acba45d239319ac14f86"
            + "3b8d5ab5a0d0c64d2e8a1e7d1457df2e5a3c51c73235be";
    static final String SEED_4 = "3ddd5602285899a946114506157c7997e5444528f3003f6134712147db19b678";

    /** Rows in publication order: each row's parent is the previous row of the same vector. */
    static final List<Row> ROWS = List.of(
            // Test vector 1
            new Row("1", SEED_1, "m",
                    "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
                    "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"),
            new Row("1", SEED_1, "m/0H",
                    "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw",
                    "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7"),
            new Row("1", SEED_1, "m/0H/1",
                    "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ",
                    "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs"),
            new Row("1", SEED_1, "m/0H/1/2H",
                    "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5",
                    "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM"),
            new Row("1", SEED_1, "m/0H/1/2H/2",
                    "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV",
                    "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334"),
            new Row("1", SEED_1, "m/0H/1/2H/2/1000000000",
                    "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy",
                    "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76"),
            // Test vector 2
            new Row("2", SEED_2, "m",
                    "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB",
                    "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U"),
            new Row("2", SEED_2, "m/0",
                    "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH",
                    "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1fwqWpWkeS3v86pgKt"),
            new Row("2", SEED_2, "m/0/2147483647H",
                    "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMBU4Zn9h8LZNnBC5y4a",
                    "xprv9wSp6B7kry3Vj9m1zSnLvN3xH8RdsPP1Mh7fAaR7aRLcQMKTR2vidYEeEg2mUCTAwCd6vnxVrcjfy2kRgVsFawNzmjuHc2YmYRmagcEPdU9"),
            new Row("2", SEED_2, "m/0/2147483647H/1",
                    "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wTfunKau47EL2dhHKon",
                    "xprv9zFnWC6h2cLgpmSA46vutJzBcfJ8yaJGg8cX1e5StJh45BBciYTRXSd25UEPVuesF9yog62tGAQtHjXajPPdbRCHuWS6T8XA2ECKADdw4Ef"),
            new Row("2", SEED_2, "m/0/2147483647H/1/2147483646H",
                    "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL",
                    "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc"),
            new Row("2", SEED_2, "m/0/2147483647H/1/2147483646H/2",
                    "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rXpVGyy3bdW6EEgAtqt",
                    "xprvA2nrNbFZABcdryreWet9Ea4LvTJcGsqrMzxHx98MMrotbir7yrKCEXw7nadnHM8Dq38EGfSh6dqA9QWTyefMLEcBYJUuekgW4BYPJcr9E7j"),
            // Test vector 3 (retention of leading zeros)
            new Row("3", SEED_3, "m",
                    "xpub661MyMwAqRbcEZVB4dScxMAdx6d4nFc9nvyvH3v4gJL378CSRZiYmhRoP7mBy6gSPSCYk6SzXPTf3ND1cZAceL7SfJ1Z3GC8vBgp2epUt13",
                    "xprv9s21ZrQH143K25QhxbucbDDuQ4naNntJRi4KUfWT7xo4EKsHt2QJDu7KXp1A3u7Bi1j8ph3EGsZ9Xvz9dGuVrtHHs7pXeTzjuxBrCmmhgC6"),
            new Row("3", SEED_3, "m/0H",
                    "xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9MYo6oDaPPLPxSb7gwQN3ih19Zm4Y",
                    "xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJCVVFceUvJFjaPdGZ2y9WACViL4L"),
            // Test vector 4 (retention of leading zeros, btcsuite/btcutil#172)
            new Row("4", SEED_4, "m",
                    "xpub661MyMwAqRbcGczjuMoRm6dXaLDEhW1u34gKenbeYqAix21mdUKJyuyu5F1rzYGVxyL6tmgBUAEPrEz92mBXjByMRiJdba9wpnN37RLLAXa",
                    "xprv9s21ZrQH143K48vGoLGRPxgo2JNkJ3J3fqkirQC2zVdk5Dgd5w14S7fRDyHH4dWNHUgkvsvNDCkvAwcSHNAQwhwgNMgZhLtQC63zxwhQmRv"),
            new Row("4", SEED_4, "m/0H",
                    "xpub69AUMk3qDBi3uW1sXgjCmVjJ2G6WQoYSnNHyzkmdCHEhSZ4tBok37xfFEqHd2AddP56Tqp4o56AePAgCjYdvpW2PU2jbUPFKsav5ut6Ch1m",
                    "xprv9vB7xEWwNp9kh1wQRfCCQMnZUEG21LpbR9NPCNN1dwhiZkjjeGRnaALmPXCX7SgjFTiCTT6bXes17boXtjq3xLpcDjzEuGLQBM5ohqkao9G"),
            new Row("4", SEED_4, "m/0H/1H",
                    "xpub6BJA1jSqiukeaesWfxe6sNK9CCGaujFFSJLomWHprUL9DePQ4JDkM5d88n49sMGJxrhpjazuXYWdMf17C9T5XnxkopaeS7jGk1GyyVziaMt",
                    "xprv9xJocDuwtYCMNAo3Zw76WENQeAS6WGXQ55RCy7tDJ8oALr4FWkuVoHJeHVAcAqiZLE7Je3vZJHxspZdFHfnBEjHqU5hG1Jaj32dVoS6XLT1"));

    static Stream<Row> rows() {
        return ROWS.stream();
    }

    /** (parent, child) pairs in which the child step is non-hardened, i.e. reachable by CKDpub. */
    static Stream<Arguments> nonHardenedSteps() {
        List<Arguments> steps = new ArrayList<>();
        for (int i = 1; i < ROWS.size(); i++) {
            Row parent = ROWS.get(i - 1);
            Row child = ROWS.get(i);
            String last = child.path().substring(child.path().lastIndexOf('/') + 1);
            if (parent.vector().equals(child.vector()) && !last.endsWith("H")) {
                steps.add(Arguments.of(parent, child, Integer.parseInt(last)));
            }
        }
        return steps.stream();
    }

    @ParameterizedTest(name = "vector {0}")
    @MethodSource("rows")
    void privateDerivationMatchesPublishedXprvAndXpub(Row row) {
        ExtendedPrivateKey key = ExtendedPrivateKey.fromSeed(Hex.decode(row.seedHex())).derivePath(row.path());

        assertThat(key.serialize()).isEqualTo(row.xprv());
        assertThat(key.publicKey().serialize()).isEqualTo(row.xpub());
    }

    @ParameterizedTest(name = "vector {0}")
    @MethodSource("rows")
    void parsedXpubRoundTripsAndEqualsNeuteredPrivateKey(Row row) {
        ExtendedPublicKey parsed = ExtendedPublicKey.parse(row.xpub());
        ExtendedPublicKey neutered = ExtendedPrivateKey.fromSeed(Hex.decode(row.seedHex()))
                .derivePath(row.path()).publicKey();

        assertThat(parsed.serialize()).isEqualTo(row.xpub());
        assertThat(parsed).isEqualTo(neutered).hasSameHashCodeAs(neutered);
        assertThat(parsed.depth()).isEqualTo(row.path().split("/").length - 1);
    }

    @ParameterizedTest(name = "{1} from {0}")
    @MethodSource("nonHardenedSteps")
    void publicDerivationFromParentXpubEqualsPublishedChildXpub(Row parent, Row child, int index) {
        ExtendedPublicKey derived = ExtendedPublicKey.parse(parent.xpub()).deriveChild(index);

        assertThat(derived.serialize()).isEqualTo(child.xpub());
    }

    @Test
    void nonHardenedStepsCoverEveryPublishedNonHardenedChain() {
        // Guard against the step generator silently producing nothing.
        assertThat(nonHardenedSteps().map(a -> a.get()[1].toString()))
                .containsExactly("1 m/0H/1", "1 m/0H/1/2H/2", "1 m/0H/1/2H/2/1000000000",
                        "2 m/0", "2 m/0/2147483647H/1", "2 m/0/2147483647H/1/2147483646H/2");
    }

    @Test
    void multiStepPublicDerivationMatchesVector1() {
        ExtendedPublicKey m0h = ExtendedPublicKey.parse(ROWS.get(1).xpub());
        assertThat(m0h.derivePath(1).serialize()).isEqualTo(ROWS.get(2).xpub());

        ExtendedPublicKey m0h12h = ExtendedPublicKey.parse(ROWS.get(3).xpub());
        assertThat(m0h12h.derivePath(2, 1000000000).serialize()).isEqualTo(ROWS.get(5).xpub());
    }

    @Test
    void multiStepPublicDerivationMatchesVector2() {
        ExtendedPublicKey master = ExtendedPublicKey.parse(ROWS.get(6).xpub());
        assertThat(master.derivePath(0).serialize()).isEqualTo(ROWS.get(7).xpub());
        assertThat(master.derivePath().serialize()).isEqualTo(ROWS.get(6).xpub());
    }

    @Test
    void publicKeyCannotDeriveHardenedChildren() {
        ExtendedPublicKey master = ExtendedPublicKey.parse(ROWS.get(0).xpub());
        assertThatThrownBy(() -> master.deriveChild(0x80000000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hardened");
        assertThatThrownBy(() -> master.derivePath(0, 2147483647 | 0x80000000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vector1MasterFieldsAreExposed() {
        ExtendedPublicKey master = ExtendedPublicKey.parse(ROWS.get(0).xpub());
        ExtendedPublicKey m0h = ExtendedPublicKey.parse(ROWS.get(1).xpub());

        assertThat(master.depth()).isZero();
        assertThat(master.parentFingerprint()).isZero();
        assertThat(master.childNumber()).isZero();
        assertThat(Hex.toHexString(master.chainCode()))
                .isEqualTo("873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508");
        assertThat(Hex.toHexString(master.compressedPublicKey()))
                .isEqualTo("0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2");
        assertThat(m0h.parentFingerprint()).isEqualTo(master.fingerprint());
        assertThat(m0h.childNumber()).isEqualTo(0x80000000);
        assertThat(m0h.depth()).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------
    // Test vector 5: invalid extended keys. Every entry must be refused by ExtendedPublicKey.parse.
    // xpub entries must fail for the reason BIP32 states; xprv entries are refused as private keys
    // (their specific defects belong to an xprv parser, which production code deliberately lacks).
    // ---------------------------------------------------------------------------------------

    static Stream<Arguments> vector5() {
        return Stream.of(
                Arguments.of("pubkey version / prvkey mismatch",
                        "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6LBpB85b3D2yc8sfvZU521AAwdZafEz7mnzBBsz4wKY5fTtTQBm",
                        "invalid public key prefix 0x00"),
                Arguments.of("prvkey version / pubkey mismatch",
                        "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGTQQD3dC4H2D5GBj7vWvSQaaBv5cxi9gafk7NF3pnBju6dwKvH",
                        "PRIVATE key"),
                Arguments.of("invalid pubkey prefix 04",
                        "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6Txnt3siSujt9RCVYsx4qHZGc62TG4McvMGcAUjeuwZdduYEvFn",
                        "invalid public key prefix 0x04"),
                Arguments.of("invalid prvkey prefix 04",
                        "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGpWnsj83BHtEy5Zt8CcDr1UiRXuWCmTQLxEK9vbz5gPstX92JQ",
                        "PRIVATE key"),
                Arguments.of("invalid pubkey prefix 01",
                        "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6N8ZMMXctdiCjxTNq964yKkwrkBJJwpzZS4HS2fxvyYUA4q2Xe4",
                        "invalid public key prefix 0x01"),
                Arguments.of("invalid prvkey prefix 01",
                        "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD9y5gkZ6Eq3Rjuahrv17fEQ3Qen6J",
                        "PRIVATE key"),
                Arguments.of("zero depth with non-zero parent fingerprint (xprv)",
                        "xprv9s2SPatNQ9Vc6GTbVMFPFo7jsaZySyzk7L8n2uqKXJen3KUmvQNTuLh3fhZMBoG3G4ZW1N2kZuHEPY53qmbZzCHshoQnNf4GvELZfqTUrcv",
                        "PRIVATE key"),
                Arguments.of("zero depth with non-zero parent fingerprint",
                        "xpub661no6RGEX3uJkY4bNnPcw4URcQTrSibUZ4NqJEw5eBkv7ovTwgiT91XX27VbEXGENhYRCf7hyEbWrR3FewATdCEebj6znwMfQkhRYHRLpJ",
                        "zero depth with non-zero parent fingerprint"),
                Arguments.of("zero depth with non-zero index (xprv)",
                        "xprv9s21ZrQH4r4TsiLvyLXqM9P7k1K3EYhA1kkD6xuquB5i39AU8KF42acDyL3qsDbU9NmZn6MsGSUYZEsuoePmjzsB3eFKSUEh3Gu1N3cqVUN",
                        "PRIVATE key"),
                Arguments.of("zero depth with non-zero index",
                        "xpub661MyMwAuDcm6CRQ5N4qiHKrJ39Xe1R1NyfouMKTTWcguwVcfrZJaNvhpebzGerh7gucBvzEQWRugZDuDXjNDRmXzSZe4c7mnTK97pTvGS8",
                        "zero depth with non-zero child number"),
                Arguments.of("unknown extended key version (1)",
                        "DMwo58pR1QLEFihHiXPVykYB6fJmsTeHvyTp7hRThAtCX8CvYzgPcn8XnmdfHGMQzT7ayAmfo4z3gY5KfbrZWZ6St24UVf2Qgo6oujFktLHdHY4",
                        "unsupported version bytes"),
                Arguments.of("unknown extended key version (2)",
                        "DMwo58pR1QLEFihHiXPVykYB6fJmsTeHvyTp7hRThAtCX8CvYzgPcn8XnmdfHPmHJiEDXkTiJTVV9rHEBUem2mwVbbNfvT2MTcAqj3nesx8uBf9",
                        "unsupported version bytes"),
                Arguments.of("private key 0 not in 1..n-1",
                        "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzF93Y5wvzdUayhgkkFoicQZcP3y52uPPxFnfoLZB21Teqt1VvEHx",
                        "PRIVATE key"),
                Arguments.of("private key n not in 1..n-1",
                        "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD5SDKr24z3aiUvKr9bJpdrcLg1y3G",
                        "PRIVATE key"),
                Arguments.of("invalid pubkey 020000000000000000000000000000000000000000000000000000000000000007",
                        "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6Q5JXayek4PRsn35jii4veMimro1xefsM58PgBMrvdYre8QyULY",
                        "not on the secp256k1 curve"),
                Arguments.of("invalid checksum",
                        "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHL",
                        "checksum mismatch"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vector5")
    void vector5InvalidKeysAreRejected(String reason, String key, String expectedMessage) {
        assertThatThrownBy(() -> ExtendedPublicKey.parse(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expectedMessage)
                .hasMessageNotContaining(key)
                .hasMessageNotContaining(key.substring(0, 20));
    }
}
