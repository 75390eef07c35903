package org.burdenwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny named input trees for tests: files are written exactly as given. */
public final class Fixtures {
    private Fixtures() {
    }

    /**
     * A prefecture (533400), two counties (533401, 533422), and townships 533401101, 533401201
     * (of 533401) and 533422101 (of 533422).
     */
    public static final String DIVISIONS_CSV = String.join("\n",
            "code,name,level,parent_code,grassroots_cadres",
            "533400,迪庆藏族自治州,prefecture,,",
            "533401,香格里拉市,county,533400,",
            "533422,德钦县,county,533400,",
            "533401101,建塘镇,township,533401,60",
            "533401201,上江乡,township,533401,40",
            "533422101,升平镇,township,533422,50") + "\n";

    public static Path write(Path root, String relative, String text) {
        return write(root, relative, text, StandardCharsets.UTF_8);
    }

    public static Path write(Path root, String relative, String text, Charset charset) {
        return writeBytes(root, relative, text.getBytes(charset));
    }

    public static Path writeBytes(Path root, String relative, byte[] bytes) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An input root holding only the standard divisions. */
    public static Path inputWithDivisions(Path root) {
        write(root, "divisions/divisions.csv", DIVISIONS_CSV);
        return root;
    }

    /** Copies a folder tree (files keep their names; nothing at the target is overwritten). */
    public static void copyTree(Path from, Path to) {
        try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON Lines from lines. */
    public static String jsonl(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}
