package dev.mcs.shared.format.npz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python dict literal of an NPY header, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (360, 64), }}.
 *
 * <p>Only the literals numpy writes are accepted: quoted strings, {@code True}/{@code False} and
 * tuples of non-negative integers. Anything else (lists, nested dicts, expressions) is rejected
 * rather than guessed at, because the header comes from untrusted uploads.
 */
final class NpyHeaderDictParser {

    private final String text;
    private final String arrayName;
    private int pos;

    private NpyHeaderDictParser(String text, String arrayName) {
        this.text = text;
        this.arrayName = arrayName;
    }

    /** Values are {@link String}, {@link Boolean} or {@code List<Long>}; keys keep their order. */
    static Map<String, Object> parse(String text, String arrayName) throws NpzFormatException {
        NpyHeaderDictParser parser = new NpyHeaderDictParser(text, arrayName);
        Map<String, Object> dict = parser.parseDict();
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.fail("unexpected text after the header dict");
        }
        return dict;
    }

    private Map<String, Object> parseDict() throws NpzFormatException {
        skipWhitespace();
        expect('{');
        Map<String, Object> dict = new LinkedHashMap<>();
        while (!consumeIfNext('}')) {
            String key = parseString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (dict.put(key, parseValue()) != null) {
                throw fail("duplicate header key '" + key + "'");
            }
            endOfItem('}');
        }
        return dict;
    }

    private Object parseValue() throws NpzFormatException {
        char next = peek();
        if (next == '\'' || next == '"') {
            return parseString();
        }
        if (next == '(') {
            return parseShape();
        }
        if (next == '[') {
            throw fail("structured dtypes are not supported");
        }
        if (text.startsWith("True", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("False", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        throw fail("unsupported header value at offset " + pos);
    }

    private String parseString() throws NpzFormatException {
        char quote = peek();
        if (quote != '\'' && quote != '"') {
            throw fail("expected a quoted string at offset " + pos);
        }
        int end = text.indexOf(quote, pos + 1);
        if (end < 0) {
            throw fail("unterminated string at offset " + pos);
        }
        String value = text.substring(pos + 1, end);
        if (value.indexOf('\\') >= 0) {
            throw fail("escape sequences in header strings are not supported");
        }
        pos = end + 1;
        return value;
    }

    private List<Long> parseShape() throws NpzFormatException {
        expect('(');
        skipWhitespace();
        List<Long> dims = new ArrayList<>();
        boolean sawComma = false;
        while (!consumeIfNext(')')) {
            dims.add(parseDimension());
            sawComma = endOfItem(')');
        }
        // In Python "(5)" is the int 5, not a tuple; numpy writes "(5,)".
        if (dims.size() == 1 && !sawComma) {
            throw fail("a one-dimensional shape needs a trailing comma, as in (5,)");
        }
        return List.copyOf(dims);
    }

    private long parseDimension() throws NpzFormatException {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (start == pos) {
            throw fail("expected a non-negative integer dimension at offset " + start);
        }
        try {
            return Long.parseLong(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw fail("dimension too large at offset " + start);
        }
    }

    /** After an item: either a comma (returns true) or the closing bracket, left unconsumed. */
    private boolean endOfItem(char closing) throws NpzFormatException {
        skipWhitespace();
        if (consumeIfNext(',')) {
            skipWhitespace();
            return true;
        }
        if (peek() != closing) {
            throw fail("expected ',' or '" + closing + "' at offset " + pos);
        }
        return false;
    }

    private boolean consumeIfNext(char expected) throws NpzFormatException {
        if (peek() == expected) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char expected) throws NpzFormatException {
        if (!consumeIfNext(expected)) {
            throw fail("expected '" + expected + "' at offset " + pos);
        }
    }

    private char peek() throws NpzFormatException {
        if (pos >= text.length()) {
            throw fail("header ends early");
        }
        return text.charAt(pos);
    }

    private void skipWhitespace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private NpzFormatException fail(String problem) {
        return NpzFormatException.forArray(arrayName, "malformed NPY header: " + problem);
    }
}
