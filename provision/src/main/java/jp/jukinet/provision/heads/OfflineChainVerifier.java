package jp.jukinet.provision.heads;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jp.jukinet.provision.ProvisionChain;
import tools.jackson.core.JacksonException;

/**
 * Verifies an export of a provision chain ({@link ChainExport}) offline, with nothing but the file
 * (and, better, the owner's public key from the PKI): recomputes every link of the chain from the
 * records as stored, checks the owner's signature on every head, and compares the chain with the
 * heads, naming the first seq whose hash differs or the seqs missing after a truncation.
 *
 * <p>API for a command-line tool: {@link #verify(Path)} or {@link #verify(Path, PublicKey)} returns
 * a {@link Report}; {@link #run} is the whole command (exit status 0 verified, 1 not, 2 could not
 * read). Standalone:
 * <pre>{@code
 * java -cp national-service/target/national-service-<version>-exec.jar \
 *      -Dloader.main=jp.jukinet.provision.heads.OfflineChainVerifier \
 *      org.springframework.boot.loader.launch.PropertiesLauncher export.ndjson [--key national-chain-signing.pub]
 * }</pre>
 */
public final class OfflineChainVerifier {

    private OfflineChainVerifier() {
    }

    /**
     * The outcome.
     *
     * @param verified      the links hold, every head is the owner's signature and agrees with the
     *                      chain, at least one head held by another tier anchors it, and the key is
     *                      the pinned one when one was given
     * @param node          whose chain it is
     * @param exportedAt    when the node exported it
     * @param records       records read
     * @param lastSeq       the chain's last seq
     * @param headsChecked  signed heads checked
     * @param heldBy        the nodes the heads were read from
     * @param keyPinned     whether the owner's key was checked against a key given by the auditor
     * @param comparison    the chain against the heads
     * @param problems      every problem found, first the first; empty when verified
     */
    public record Report(boolean verified, String node, Instant exportedAt, long records, long lastSeq, int headsChecked,
                         Set<String> heldBy, boolean keyPinned, HeadComparison comparison, List<String> problems) {

        /** Lines for an operator or an auditor. */
        public String summary() {
            StringBuilder text = new StringBuilder();
            text.append(verified ? "VERIFIED" : "NOT VERIFIED").append(": provision chain of ").append(node)
                    .append(" exported ").append(exportedAt).append(", ").append(records).append(" records, last seq ")
                    .append(lastSeq).append(", ").append(headsChecked).append(" signed heads held by ").append(heldBy)
                    .append(keyPinned ? ", key pinned" : ", key from the export (not pinned: give --key)");
            problems.forEach(problem -> text.append("\n  - ").append(problem));
            return text.toString();
        }
    }

    /** Verifies with the owner's key as the export carries it (see {@link #verify(Path, PublicKey)}). */
    public static Report verify(Path export) throws IOException {
        return verify(export, null);
    }

    /**
     * @param pinnedKey the owner's public key from the PKI; {@code null} to use the one in the file
     * @throws IOException when the file cannot be read or is not an export
     */
    public static Report verify(Path export, PublicKey pinnedKey) throws IOException {
        List<String> problems = new ArrayList<>();
        String node = null;
        Instant exportedAt = null;
        Map<String, PublicKey> keys = new HashMap<>();
        List<ChainExport.Head> rawHeads = new ArrayList<>();
        Map<Long, byte[]> hashesAtHeads = new HashMap<>();
        Set<Long> headSeqs = new TreeSet<>();
        byte[] previous = ProvisionChain.GENESIS;
        long expected = 1;
        long records = 0;
        boolean linksBroken = false;
        ProvisionChain.Hasher hasher = new ProvisionChain.Hasher();
        HexFormat hex = HexFormat.of();
        try (BufferedReader in = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String text;
            int lineNumber = 0;
            while ((text = in.readLine()) != null) {
                lineNumber++;
                if (text.isBlank()) {
                    continue;
                }
                ChainExport.Line line;
                try {
                    line = ChainExport.JSON.readValue(text, ChainExport.Line.class);
                } catch (JacksonException e) {
                    throw new IOException("line " + lineNumber + " is not a line of an export: " + e.getOriginalMessage());
                }
                if (lineNumber == 1) {
                    if (!ChainExport.FORMAT.equals(line.format()) || line.node() == null) {
                        throw new IOException("not an export of a provision chain (the first line names no format "
                                + ChainExport.FORMAT + ")");
                    }
                    node = line.node();
                    exportedAt = Instant.parse(line.exportedAt());
                } else if (line.key() != null) {
                    keys.put(line.key().node(), HeadKeys.decode(line.key().publicKey()));
                } else if (line.head() != null) {
                    rawHeads.add(line.head());
                    headSeqs.add(line.head().signed().seq());
                } else if (line.record() != null) {
                    ChainExport.StoredRecord record = line.record();
                    records++;
                    if (linksBroken) {
                        continue;
                    }
                    if (record.seq() != expected) {
                        problems.add("record " + expected + " is missing (the next record is " + record.seq() + ")");
                        linksBroken = true;
                        continue;
                    }
                    if (!Arrays.equals(hex.parseHex(record.previousHash()), previous)) {
                        problems.add("record " + record.seq() + ": its previous hash is not the hash of record "
                                + (record.seq() - 1));
                    }
                    byte[] hash = hasher.hash(previous, new ProvisionChain.Row(record.seq(), Instant.parse(record.recordedAt()),
                            record.recipient(), record.basis(), record.residentCode(), record.lookupKey(), record.fields(),
                            record.outcome(), record.refusal()));
                    if (!Arrays.equals(hex.parseHex(record.hash()), hash)) {
                        problems.add("record " + record.seq() + ": its content does not give its stored hash (it was edited)");
                    }
                    // the chain as its content gives it: an edited record changes every hash after it
                    previous = hash;
                    if (headSeqs.contains(record.seq())) {
                        hashesAtHeads.put(record.seq(), hash);
                    }
                    expected = record.seq() + 1;
                } else {
                    throw new IOException("line " + lineNumber + " is neither a key, a head nor a record");
                }
            }
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IOException("the export holds a malformed value: " + e.getMessage(), e);
        }
        if (node == null) {
            throw new IOException("the file is empty");
        }
        hashesAtHeads.put(0L, ProvisionChain.GENESIS);
        long lastSeq = expected - 1; // the records that follow each other from 1

        PublicKey key = keys.get(node);
        boolean pinned = pinnedKey != null;
        if (pinned) {
            if (key != null && !Arrays.equals(key.getEncoded(), pinnedKey.getEncoded())) {
                problems.add(0, "the export's key of " + node + " is not the key given (the PKI's): the file was "
                        + "not made with " + node + "'s key");
            }
            key = pinnedKey;
        }
        if (key == null) {
            problems.add(0, "the export holds no public key of " + node + " and none was given");
        }
        List<SignedHead> heads = new ArrayList<>();
        Set<String> heldBy = new TreeSet<>();
        Map<String, Integer> badByHolder = new TreeMap<>();
        for (ChainExport.Head head : rawHeads) {
            SignedHead signed = head.signed();
            if (key != null && signed.owner().equals(node) && signed.signedBy(key)) {
                heads.add(signed);
                heldBy.add(head.heldBy());
            } else {
                badByHolder.merge(head.heldBy() + " seq " + signed.seq(), 1, Integer::sum);
            }
        }
        badByHolder.keySet().forEach(bad -> problems.add("a head held by " + bad + " is not signed by the key of the chain's owner"));
        String owner = node;
        if (heldBy.stream().allMatch(holder -> holder.equals(owner))) {
            problems.add("no signed head held by another tier anchors the chain: only the exporting node vouches for it");
        }
        HeadComparison comparison = HeadComparison.compare(lastSeq, hashesAtHeads, heads);
        if (!comparison.agrees()) {
            problems.add(comparison.where());
        }
        return new Report(problems.isEmpty(), node, exportedAt, records, lastSeq, heads.size(), heldBy, pinned,
                comparison, List.copyOf(problems));
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * {@code <export> [--key <owner's .pub from the PKI>]}: prints the report; exit status 0
     * verified, 1 not verified, 2 could not verify (usage, unreadable file or key).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--key") && i + 1 < args.length) {
                options.put("key", args[++i]);
            } else if (args[i].startsWith("--")) {
                files.clear();
                break;
            } else {
                files.add(args[i]);
            }
        }
        if (files.size() != 1) {
            err.println("usage: OfflineChainVerifier <export.ndjson> [--key <node>-chain-signing.pub]");
            return 2;
        }
        try {
            PublicKey pinned = options.containsKey("key")
                    ? HeadKeys.readPublicKey(new org.springframework.core.io.FileSystemResource(options.get("key"))) : null;
            Report report = verify(Path.of(files.get(0)), pinned);
            (report.verified() ? out : err).println(report.summary());
            return report.verified() ? 0 : 1;
        } catch (IOException | IllegalStateException e) {
            err.println("could not verify the export: " + e.getMessage());
            return 2;
        }
    }
}
