package org.genlab.common.viz;

import org.genlab.common.UsageException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes images as PNG, creating missing parent folders; a path that cannot be written is a user error. */
public final class PngFiles {
    private PngFiles() {
    }

    public static void write(BufferedImage image, Path file) {
        if (file == null) throw new UsageException("no output file given for the PNG; pass a path ending in .png");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("this Java runtime has no PNG writer");
            }
        } catch (IOException e) {
            throw new UsageException("cannot write PNG " + file + " (" + e.getMessage()
                    + "); choose a writable output folder", e);
        }
    }
}
