package io.quanyun.catalog.vault;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CharsetDecoder;

/**
 * Decodes bytes strictly and knows the line of the first invalid byte sequence: it hands out
 * every character before it, then throws {@link MalformedLine} with the 1-based line number
 * (lines counted by {@code \n}). {@link java.io.InputStreamReader} cannot tell the line, and a
 * buffering reader above it may surface its error early.
 */
final class StrictDecodingReader extends Reader {

    /** The input is not valid in the charset at this line. Carries no byte of the input. */
    static final class MalformedLine extends IOException {

        private static final long serialVersionUID = 1L;

        private final long line;

        MalformedLine(long line) {
            super("invalid byte sequence at line " + line);
            this.line = line;
        }

        long line() {
            return line;
        }
    }

    private final InputStream input;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    private boolean endOfInput;
    private boolean flushed;
    private long newlines;
    private MalformedLine pending;

    StrictDecodingReader(InputStream input, Charset charset) {
        this.input = input;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
        chars.flip();
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!chars.hasRemaining()) {
            if (pending != null) {
                throw pending;
            }
            fill();
            if (!chars.hasRemaining()) {
                if (pending != null) {
                    throw pending;
                }
                return -1;
            }
        }
        int count = Math.min(length, chars.remaining());
        chars.get(buffer, offset, count);
        return count;
    }

    private void fill() throws IOException {
        chars.clear();
        while (chars.position() == 0 && pending == null && !flushed) {
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            if (result.isError()) {
                pending = new MalformedLine(newlines + countNewlines() + 1);
            } else if (result.isUnderflow()) {
                if (endOfInput) {
                    decoder.flush(chars);
                    flushed = true;
                } else {
                    bytes.compact();
                    int read = input.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (read < 0) {
                        endOfInput = true;
                    } else {
                        bytes.position(bytes.position() + read);
                    }
                    bytes.flip();
                }
            }
        }
        newlines += pending == null ? countNewlines() : 0;
        chars.flip();
    }

    private long countNewlines() {
        char[] array = chars.array();
        long count = 0;
        for (int index = 0; index < chars.position(); index++) {
            if (array[index] == '\n') {
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
