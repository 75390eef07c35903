package org.burdenwatch.output;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.fs.Path;

/**
 * Whether one qualified path lies within another. Compared by scheme, authority and path, not as
 * text: the same local folder prints as {@code file:/x} or {@code file:///x} depending on who built it.
 */
public final class PathsWithin {
    private PathsWithin() {
    }

    /** True when {@code path} is {@code root} or lies inside it. */
    public static boolean isWithin(Path path, Path root) {
        URI p = path.toUri().normalize();
        URI r = root.toUri().normalize();
        if (!Objects.equals(lower(p.getScheme()), lower(r.getScheme()))
                || !Objects.equals(blankToNull(p.getAuthority()), blankToNull(r.getAuthority()))) {
            return false;
        }
        String pp = trimSlash(p.getPath());
        String rp = trimSlash(r.getPath());
        return pp.equals(rp) || pp.startsWith(rp + "/");
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String trimSlash(String s) {
        String t = s == null ? "" : s;
        while (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
