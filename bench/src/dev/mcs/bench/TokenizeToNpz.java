package dev.mcs.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokenizes one sentence per line with a HuggingFace tokenizer.json and writes an NPZ with
 * {@code input_ids}, {@code attention_mask} and {@code token_type_ids} (int64, [N, L]); every row is
 * right-padded with 0 to the same length L (the longest sentence, or the given fixed length).
 *
 * <p>Usage: {@code TokenizeToNpz <tokenizer.json> <sentences.txt> <out.npz> [maxLength=128] [fixedLength]}
 */
public final class TokenizeToNpz {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: TokenizeToNpz <tokenizer.json> <sentences.txt> <out.npz> [maxLength] [fixedLength]");
            System.exit(2);
        }
        System.setProperty("ai.djl.offline", "true");
        Path tokenizerJson = Path.of(args[0]);
        Path sentencesFile = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int maxLength = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        int fixedLength = args.length > 4 ? Integer.parseInt(args[4]) : 0;

        List<String> sentences = new ArrayList<>();
        for (String line : Files.readAllLines(sentencesFile, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                sentences.add(line.strip());
            }
        }
        Map<String, String> options = Map.of(
                "addSpecialTokens", "true",
                "padding", "false",
                "truncation", "true",
                "maxLength", Integer.toString(maxLength));
        List<Encoding> encodings = new ArrayList<>();
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options)) {
            for (String s : sentences) {
                encodings.add(tokenizer.encode(s));
            }
        }
        int longest = encodings.stream().mapToInt(e -> e.getIds().length).max().orElse(0);
        int length = fixedLength > 0 ? fixedLength : longest;
        if (length < longest) {
            throw new IllegalArgumentException("fixed length " + length + " < longest sequence " + longest);
        }
        int n = encodings.size();
        long[] ids = new long[n * length];
        long[] mask = new long[n * length];
        long[] types = new long[n * length];
        int shortest = Integer.MAX_VALUE;
        long tokens = 0;
        for (int i = 0; i < n; i++) {
            Encoding e = encodings.get(i);
            int len = e.getIds().length;
            shortest = Math.min(shortest, len);
            tokens += len;
            System.arraycopy(e.getIds(), 0, ids, i * length, len);
            System.arraycopy(e.getAttentionMask(), 0, mask, i * length, len);
            System.arraycopy(e.getTypeIds(), 0, types, i * length, len);
        }
        Map<String, Npz.LongMatrix> arrays = new LinkedHashMap<>();
        arrays.put("input_ids", new Npz.LongMatrix(n, length, ids));
        arrays.put("attention_mask", new Npz.LongMatrix(n, length, mask));
        arrays.put("token_type_ids", new Npz.LongMatrix(n, length, types));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Npz.write(out, arrays);
        System.out.printf("wrote %s: %d sentences, padded length L=%d (tokens per sentence %d..%d, mean %.1f)%n",
                out, n, length, shortest, longest, (double) tokens / n);
        System.out.println("first: " + sentences.get(0) + " -> " + java.util.Arrays.toString(encodings.get(0).getTokens()));
    }
}
