package dev.mcs.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an English sentence corpus from WordNet's glosses (Debian's {@code wordnet-base}): every synset's
 * definition and each of its quoted usage examples is one line. Lines are normalized (whitespace), kept when they
 * have 4–40 words, deduplicated case-insensitively, and dropped when they also appear in any exclusion file (the
 * benchmark's evaluation and calibration sentences), so no test data overlaps the corpus.
 *
 * <p>The split is by a hash of the line, not by file position: a line's split never depends on which other lines
 * exist, and neighbouring synsets (which share vocabulary) land in every split. Hash bucket 0 of 50 is the held-out
 * test split, bucket 1 the validation split, the rest training; within a split lines are ordered by hash.
 *
 * <p>Usage: {@code WordNetCorpus <wordnet-dict-dir> <out-dir> <trainMax> <validMax> <testMax> [exclude.txt...]}
 * writes {@code corpus-train-sentences.txt}, {@code corpus-valid-sentences.txt}, {@code corpus-test-sentences.txt}.
 */
public final class WordNetCorpus {

    private static final Pattern EXAMPLE = Pattern.compile("\"([^\"]+)\"");
    private static final List<String> DATA_FILES = List.of("data.noun", "data.verb", "data.adj", "data.adv");
    private static final int BUCKETS = 50;

    private WordNetCorpus() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: WordNetCorpus <wordnet-dict-dir> <out-dir> <trainMax> <validMax> <testMax> [exclude.txt...]");
            System.exit(2);
        }
        Set<String> excluded = new LinkedHashSet<>();
        for (int i = 5; i < args.length; i++) {
            Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8).forEach(l -> excluded.add(key(l)));
        }
        List<TreeMap<String, String>> splits = List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        int dropped = 0;
        for (String line : glossLines(Path.of(args[0]))) {
            String key = key(line);
            if (excluded.contains(key)) {
                dropped++;
                continue;
            }
            String hash = sha256(key);
            int bucket = Integer.parseInt(hash.substring(0, 4), 16) % BUCKETS;
            splits.get(bucket == 0 ? 2 : bucket == 1 ? 1 : 0).putIfAbsent(hash, line);
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        String[] names = {"corpus-train-sentences.txt", "corpus-valid-sentences.txt", "corpus-test-sentences.txt"};
        for (int s = 0; s < 3; s++) {
            List<String> lines = splits.get(s).values().stream().limit(Integer.parseInt(args[2 + s])).toList();
            Files.write(out.resolve(names[s]), lines, StandardCharsets.UTF_8);
            System.out.printf("%s: %d lines (of %d available)%n", names[s], lines.size(), splits.get(s).size());
        }
        System.out.printf("dropped %d lines that appear in the exclusion files%n", dropped);
    }

    /** Definitions and usage examples of every synset, normalized and filtered by length. */
    private static List<String> glossLines(Path dictDir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String file : DATA_FILES) {
            for (String record : Files.readAllLines(dictDir.resolve(file), StandardCharsets.UTF_8)) {
                int bar = record.indexOf(" | ");
                if (record.startsWith("  ") || bar < 0) {
                    continue; // the license header, indented by two spaces
                }
                String gloss = record.substring(bar + 3);
                Matcher examples = EXAMPLE.matcher(gloss);
                while (examples.find()) {
                    keepIfSentence(examples.group(1), lines);
                }
                keepIfSentence(EXAMPLE.matcher(gloss).replaceAll("").replaceAll("[;\\s]+$", ""), lines);
            }
        }
        return lines;
    }

    private static void keepIfSentence(String text, List<String> lines) {
        String line = text.strip().replaceAll("\\s+", " ");
        int words = line.isEmpty() ? 0 : line.split(" ").length;
        if (words >= 4 && words <= 40) {
            lines.add(line);
        }
    }

    private static String key(String line) {
        return line.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }
}
