package org.burdenwatch.output;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class PathsWithinTest {
    @Test
    void theSameFolderWrittenTwoWaysIsTheSame() {
        Path root = new Path("file:/tmp/out");
        assertTrue(PathsWithin.isWithin(new Path("file:///tmp/out/_staging/r/indicators/county"), root));
        assertTrue(PathsWithin.isWithin(new Path("file:/tmp/out/"), root));
        assertTrue(PathsWithin.isWithin(root, new Path("file:///tmp/out")));
    }

    @Test
    void aSiblingWithTheSamePrefixOrAnotherFileSystemIsOutside() {
        Path root = new Path("file:/tmp/out");
        assertFalse(PathsWithin.isWithin(new Path("file:/tmp/out2/x"), root));
        assertFalse(PathsWithin.isWithin(new Path("file:/tmp"), root));
        assertFalse(PathsWithin.isWithin(new Path("hdfs://nn:8020/tmp/out/x"), root));
        assertFalse(PathsWithin.isWithin(new Path("hdfs://other:8020/tmp/out/x"), new Path("hdfs://nn:8020/tmp/out")));
    }
}
