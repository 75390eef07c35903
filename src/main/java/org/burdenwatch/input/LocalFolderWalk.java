package org.burdenwatch.input;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.burdenwatch.records.InputProblem;

/**
 * The files under a folder of the local disk, walked with symbolic links checked rather than
 * followed blindly: a link is read only when its target exists, lies inside the input folder and
 * does not lead back to a folder being walked. A dangling link (an unmounted share), a link out of
 * the input (a key file next to it), a loop, or anything that is not a file or a folder (a named
 * pipe, which a reader would wait on forever) stops the run with one line naming it, before
 * anything is written: reading on without it would publish a county's figures without its records.
 * Names starting with {@code .} or {@code _} are hidden (an editor's lock link, {@code _SUCCESS}).
 */
final class LocalFolderWalk {
    private LocalFolderWalk() {
    }

    /** The regular files under {@code folder}, by the paths they are reached at, in name order. */
    static List<Path> regularFiles(Path folder, Path inputRoot) throws IOException {
        List<Path> out = new ArrayList<>();
        Path folderReal = folder.toRealPath();
        // a type's folder may itself be a link (to a share); links under it stay within it or the input
        walk(folder, folderReal, List.of(inputRoot.toRealPath(), folderReal), new HashSet<>(), out);
        return out;
    }

    /** A folder's path when it is a symbolic link whose target does not exist, else null. */
    static Path danglingLink(Path folder) throws IOException {
        return Files.isSymbolicLink(folder) && !Files.exists(folder) ? Files.readSymbolicLink(folder) : null;
    }

    private static void walk(Path dir, Path dirReal, List<Path> within, Set<Path> walking, List<Path> out)
            throws IOException {
        walking.add(dirReal);
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            listing.forEach(entries::add);
        }
        entries.sort(null);
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            BasicFileAttributes own = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Path real = entry;
            BasicFileAttributes attributes = own;
            if (own.isSymbolicLink()) {
                try {
                    real = entry.toRealPath();
                } catch (NoSuchFileException e) {
                    throw new InputProblem(entry + " is a symbolic link to " + Files.readSymbolicLink(entry)
                            + ", which does not exist (an unmounted share?): the run stops rather than go on without "
                            + "its records");
                }
                Path target = real;
                if (within.stream().noneMatch(target::startsWith)) {
                    throw new InputProblem(entry + " is a symbolic link to " + real + ", outside the input folder "
                            + within.get(0) + ": refused (copy the file into the input folder instead)");
                }
                attributes = Files.readAttributes(real, BasicFileAttributes.class);
            }
            if (attributes.isDirectory()) {
                Path dirRealNext = own.isSymbolicLink() ? real : entry.toRealPath();
                if (walking.contains(dirRealNext)) {
                    throw new InputProblem(entry + " is a symbolic link back to " + dirRealNext
                            + ", a folder it is in: a loop; remove the link");
                }
                walk(entry, dirRealNext, within, walking, out);
            } else if (attributes.isRegularFile()) {
                out.add(entry);
            } else {
                throw new InputProblem(entry + " is not a file (a named pipe, a socket or a device): it cannot be read "
                        + "as records; remove it");
            }
        }
        walking.remove(dirReal);
    }
}
