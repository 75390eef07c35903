package org.burdenwatch.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/** A reader that pulls one record at a time from its source ({@link #read}) and closes it after the last. */
abstract class PulledRecords implements RecordReader {
    private RawRecord next;
    private boolean done;

    /** The next record, or null after the last. */
    protected abstract RawRecord read() throws IOException;

    /** The source's name, for messages. */
    protected abstract String source();

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            try {
                next = read();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source(), e);
            }
            if (next == null) {
                done = true;
                try {
                    close();
                } catch (IOException ignored) {
                    // reading is finished; a failure to close loses nothing
                }
            }
        }
        return next != null;
    }

    @Override
    public final RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawRecord r = next;
        next = null;
        return r;
    }
}
