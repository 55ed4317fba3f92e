package io.quanyun.catalog.vault;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.crypto.Digest;
import org.jspecify.annotations.Nullable;

/**
 * Feeds every byte read into one or two digests. Closing it does not close the underlying
 * stream, which its opener closes.
 */
final class DigestingInputStream extends FilterInputStream {

    private final Digest first;
    private final @Nullable Digest second;

    DigestingInputStream(InputStream input, Digest first, @Nullable Digest second) {
        super(input);
        this.first = first;
        this.second = second;
    }

    @Override
    public int read() throws IOException {
        int value = in.read();
        if (value >= 0) {
            first.update((byte) value);
            if (second != null) {
                second.update((byte) value);
            }
        }
        return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int count = in.read(buffer, offset, length);
        if (count > 0) {
            first.update(buffer, offset, count);
            if (second != null) {
                second.update(buffer, offset, count);
            }
        }
        return count;
    }

    @Override
    public long skip(long count) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < count) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, count - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // the opener closes the underlying stream
    }
}
