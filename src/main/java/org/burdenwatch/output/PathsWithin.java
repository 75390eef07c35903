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

    /**
     * For a path of the local disk, the same path with symbolic links resolved (those of its nearest
     * existing ancestor: the rest may not exist yet); any other path as it is.
     */
    public static Path real(Path qualified) {
        if (!"file".equals(lower(qualified.toUri().getScheme()))) {
            return qualified;
        }
        java.nio.file.Path absolute = java.nio.file.Path.of(qualified.toUri()).normalize();
        java.nio.file.Path existing = absolute;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return qualified;
        }
        try {
            return new Path(existing.toRealPath().resolve(existing.relativize(absolute)).toUri());
        } catch (java.io.IOException e) {
            return qualified;
        }
    }

    /** True when either lies within the other, as given or with symbolic links resolved. */
    public static boolean overlap(Path a, Path b) {
        Path ra = real(a);
        Path rb = real(b);
        return isWithin(a, b) || isWithin(b, a) || isWithin(ra, rb) || isWithin(rb, ra);
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
