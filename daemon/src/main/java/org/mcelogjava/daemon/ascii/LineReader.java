package org.mcelogjava.daemon.ascii;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads lines as C's {@code getdelim(..., '\n', ...)} does: each line keeps its newline (the last
 * one may lack it) and carriage returns are ordinary characters. Lines are bytes, handed out in a
 * buffer that the next call overwrites. A NUL byte ends the C string, so the rest of such a line
 * is invisible to mcelog and is cut off here. A read error ends the input, as {@code getdelim}
 * returning -1 ends mcelog's loop (reading a directory gives no records).
 */
public final class LineReader {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private int length;
    /** Position of the current line's first NUL byte, or -1. */
    private int nul;

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** Advances to the next line; false at end of input. */
    public boolean next() {
        length = 0;
        nul = -1;
        while (true) {
            if (position == limit) {
                limit = read();
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return length > 0 && cut();
                }
            }
            int start = position;
            int stop = start;
            byte b;
            while (stop < limit && (b = buffer[stop]) != '\n') {
                if (b == 0 && nul < 0) {
                    nul = length + stop - start;
                }
                stop++;
            }
            boolean newline = stop < limit;
            int take = (newline ? stop + 1 : stop) - start;
            if (length + take > line.length) {
                byte[] bigger = new byte[Math.max(line.length * 2, length + take)];
                System.arraycopy(line, 0, bigger, 0, length);
                line = bigger;
            }
            System.arraycopy(buffer, start, line, length, take);
            length += take;
            position = start + take;
            if (newline) {
                return cut();
            }
        }
    }

    /** The current line's bytes (valid up to {@link #length()}). */
    public byte[] bytes() {
        return line;
    }

    /** Length of the current line as a C string. */
    public int length() {
        return length;
    }

    private boolean cut() {
        if (nul >= 0) {
            length = nul;
        }
        return true;
    }

    private int read() {
        try {
            return in.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            return -1;
        }
    }
}
