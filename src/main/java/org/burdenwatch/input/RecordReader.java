package org.burdenwatch.input;

import java.io.Closeable;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;

/** The records of one input source, streamed on an executor: a text file, or a sheet of a workbook. */
public interface RecordReader extends Iterator<RawRecord>, Closeable {
    /** The reader for a source's format, a line longer than {@code maxLineBytes} read past. */
    static RecordReader open(SourceFile source, Configuration conf, Redaction redaction, int maxLineBytes) {
        return source.format() == FileFormat.XLSX
                ? SheetRecordReader.open(source, conf, redaction, maxLineBytes)
                : RawRecordReader.open(source, conf, redaction, maxLineBytes);
    }
}
