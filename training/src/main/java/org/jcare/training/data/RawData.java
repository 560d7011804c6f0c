package org.jcare.training.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jcare.io.image.Axes;
import org.jcare.io.image.FloatImage;

/**
 * Pairs of source (low quality) and target (high quality) images, as CSBDeep's {@code RawData}. Images are read
 * lazily, one pair at a time, by {@link #get(int)}.
 *
 * <p>Axes: every image is labelled with the user's axes string right-aligned to the image's number of dimensions
 * (CSBDeep: {@code axes[-x.ndim:]}), so with axes "CZYX" a 3D file is "ZYX" and a 4D file "CZYX". Leading
 * dimensions of size 1 beyond the axes string (a reader's singleton T or C) are dropped first. The file's own axis
 * labels are ignored, as in CSBDeep.
 */
public final class RawData {
    /**
     * One source/target pair, read.
     *
     * @param source the source image, labelled with the pair's axes
     * @param target the target image, same axes and shape
     * @param name   a description naming both files (or array indices)
     */
    public record ImagePair(FloatImage source, FloatImage target, String name) {
    }

    private interface PairSource {
        ImagePair read(String axes, String targetAxes) throws IOException;
    }

    /** A transformation of each pair as it is read (CSBDeep's {@code Transform}), given the pair's index. */
    @FunctionalInterface
    public interface PairTransform {
        /** The transformed pair number {@code index}. */
        ImagePair apply(ImagePair pair, int index) throws IOException;
    }

    private final List<PairSource> pairs;
    private final String axes;
    private final String targetAxes;
    private final String description;

    private RawData(List<PairSource> pairs, String axes, String description) {
        this(pairs, axes, axes, description);
    }

    private RawData(List<PairSource> pairs, String axes, String targetAxes, String description) {
        this.pairs = Collections.unmodifiableList(pairs);
        this.axes = axes;
        this.targetAxes = targetAxes;
        this.description = description;
    }

    /**
     * CSBDeep's {@code RawData.from_folder}: every file matching {@code pattern} (a glob on the file name, CSBDeep's
     * default {@code "*.tif*"}) in each of {@code base/sourceDir} is paired with the file of the same name in
     * {@code base/targetDir}. Files are taken in name order per source directory, source directories in the given
     * order (CSBDeep uses the directory order of the file system).
     *
     * @param axes   axes of the images, for example "ZYX" or "CZYX" (CSBDeep's default "CZYX")
     * @param reader reads one file
     * @throws FileNotFoundException when a directory is missing, no file matches, or target files are missing (all
     *                               missing partners are named)
     */
    public static RawData fromFolders(Path base, List<String> sourceDirs, String targetDir, String axes,
            String pattern, ImageReader reader) throws IOException {
        String ax = normalizeAxes(axes);
        if (sourceDirs.isEmpty()) {
            throw new IllegalArgumentException("no source directories given");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        Path targetBase = base.resolve(targetDir);
        if (!Files.isDirectory(targetBase)) {
            throw new FileNotFoundException("target directory " + targetBase + " does not exist");
        }
        List<PairSource> pairs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String dir : sourceDirs) {
            Path d = base.resolve(dir);
            if (!Files.isDirectory(d)) {
                throw new FileNotFoundException("source directory " + d + " does not exist");
            }
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                for (Path f : ds) {
                    if (Files.isRegularFile(f) && matcher.matches(f.getFileName())) {
                        files.add(f);
                    }
                }
            }
            Collections.sort(files);
            for (Path src : files) {
                Path tgt = targetBase.resolve(src.getFileName().toString());
                if (!Files.isRegularFile(tgt)) {
                    missing.add(src + " (expected its target " + tgt + ")");
                    continue;
                }
                pairs.add((a, ta) -> readPair(reader, src, tgt, a, ta));
            }
        }
        if (!missing.isEmpty()) {
            throw new FileNotFoundException(missing.size() + " source image" + (missing.size() == 1 ? " has" : "s have")
                    + " no target of the same name in " + targetBase + ":\n  " + String.join("\n  ", missing));
        }
        if (pairs.isEmpty()) {
            throw new FileNotFoundException("no image matching '" + pattern + "' in " + sourceDirs + " under " + base);
        }
        String desc = base + ": target='" + targetDir + "', sources=" + sourceDirs + ", axes='" + ax + "', pattern='"
                + pattern + "'";
        return new RawData(pairs, ax, desc);
    }

    /** CSBDeep's {@code RawData.from_arrays}: pairs of images in memory, labelled with {@code axes}. */
    public static RawData fromImages(List<FloatImage> sources, List<FloatImage> targets, String axes) {
        String ax = normalizeAxes(axes);
        if (sources.size() != targets.size()) {
            throw new IllegalArgumentException(sources.size() + " source images but " + targets.size() + " targets");
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no images given");
        }
        List<PairSource> pairs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            FloatImage s = sources.get(i);
            FloatImage t = targets.get(i);
            String name = "image pair " + i;
            pairs.add((a, ta) -> pair(s, t, name, name, name, a, ta));
        }
        return new RawData(pairs, ax, sources.size() + " image pairs in memory, axes='" + ax + "'");
    }

    /**
     * CSBDeep's {@code RawData.from_folder} for targets with fewer axes than the sources (the targets of
     * {@code create_patches_reduced_target}, for example 2D surfaces of 3D stacks): sources are labelled with
     * {@code axes}, targets with {@code targetAxes}, and each target must have its source's size on its axes.
     *
     * @throws FileNotFoundException as {@link #fromFolders}
     */
    public static RawData fromFoldersReducedTarget(Path base, List<String> sourceDirs, String targetDir, String axes,
            String targetAxes, String pattern, ImageReader reader) throws IOException {
        RawData d = fromFolders(base, sourceDirs, targetDir, axes, pattern, reader);
        String ta = normalizeAxes(targetAxes);
        return new RawData(d.pairs, d.axes, ta, d.description + ", target axes='" + ta + "'");
    }

    /** {@link #fromImages} with targets that lack some of the sources' axes (labelled with {@code targetAxes}). */
    public static RawData fromImagesReducedTarget(List<FloatImage> sources, List<FloatImage> targets, String axes,
            String targetAxes) {
        RawData d = fromImages(sources, targets, axes);
        String ta = normalizeAxes(targetAxes);
        return new RawData(d.pairs, d.axes, ta, d.description + ", target axes='" + ta + "'");
    }

    /** The pairs of this data set, each transformed by {@code t} when it is read. */
    public RawData transformed(PairTransform t, String what) {
        List<PairSource> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            PairSource src = pairs.get(i);
            int k = i;
            out.add((a, ta) -> t.apply(src.read(a, ta), k));
        }
        return new RawData(out, axes, targetAxes, description + ", " + what);
    }

    /** The axes (upper case) that label the targets: {@link #axes()} unless the targets have fewer axes. */
    public String targetAxes() {
        return targetAxes;
    }

    /** Number of pairs. */
    public int size() {
        return pairs.size();
    }

    /** The axes string (upper case) that labels the images. */
    public String axes() {
        return axes;
    }

    /** Where the data comes from. */
    public String description() {
        return description;
    }

    /**
     * Reads pair {@code i}.
     *
     * @throws IOException              naming the file that cannot be read
     * @throws IllegalArgumentException naming both files when their shapes differ or do not fit the axes
     */
    public ImagePair get(int i) throws IOException {
        return pairs.get(i).read(axes, targetAxes);
    }

    private static ImagePair readPair(ImageReader reader, Path src, Path tgt, String axes, String targetAxes)
            throws IOException {
        FloatImage s;
        FloatImage t;
        try {
            s = reader.read(src);
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("source image " + src + " disappeared");
        }
        try {
            t = reader.read(tgt);
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("target image " + tgt + " disappeared");
        }
        return pair(s, t, src.toString(), tgt.toString(), src.getFileName().toString(), axes, targetAxes);
    }

    private static ImagePair pair(FloatImage s, FloatImage t, String srcName, String tgtName, String name,
            String axes, String targetAxes) {
        FloatImage ls = label(s, axes, srcName);
        FloatImage lt = label(t, targetAxes, tgtName);
        if (!targetAxes.equals(axes)) {
            for (char c : lt.axes().letters().toCharArray()) {
                if (!ls.axes().has(c) || ls.size(c) != lt.size(c)) {
                    throw new IllegalArgumentException("source " + srcName + " has shape "
                            + Arrays.toString(ls.shape()) + " (axes " + ls.axes() + ") but its target " + tgtName
                            + " has shape " + Arrays.toString(lt.shape()) + " (axes " + lt.axes() + "); the target"
                            + " must have the source's size on each of its axes");
                }
            }
            return new ImagePair(ls, lt, srcName.equals(tgtName) ? name : srcName + " -> " + tgtName);
        }
        if (!Arrays.equals(ls.shape(), lt.shape())) {
            throw new IllegalArgumentException("source " + srcName + " has shape " + Arrays.toString(ls.shape())
                    + " but its target " + tgtName + " has shape " + Arrays.toString(lt.shape()) + " (axes "
                    + ls.axes() + "); a pair must have the same shape");
        }
        return new ImagePair(ls, lt, srcName.equals(tgtName) ? name : srcName + " -> " + tgtName);
    }

    /** The image relabelled with the right-aligned axes, leading singleton dimensions dropped as needed. */
    static FloatImage label(FloatImage img, String axes, String name) {
        long[] shape = img.shape();
        int drop = 0;
        while (shape.length - drop > axes.length() && shape[drop] == 1) {
            drop++;
        }
        if (shape.length - drop > axes.length()) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(shape) + " (" + shape.length
                    + " dimensions) but the axes '" + axes + "' name only " + axes.length());
        }
        long[] s = Arrays.copyOfRange(shape, drop, shape.length);
        String a = axes.substring(axes.length() - s.length);
        Axes labelled;
        try {
            labelled = Axes.of(a);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(s) + ", so it gets axes '" + a
                    + "' from '" + axes + "': " + e.getMessage());
        }
        float[][] planes = new float[img.planeCount()][];
        for (int p = 0; p < planes.length; p++) {
            planes[p] = img.plane(p);
        }
        return new FloatImage(labelled, s, planes, img.calibration());
    }

    private static String normalizeAxes(String axes) {
        if (axes == null || axes.isBlank()) {
            throw new IllegalArgumentException("axes are required, for example ZYX or CZYX");
        }
        String a = axes.trim().toUpperCase(Locale.ROOT);
        Axes.of(a);
        return a;
    }

    @Override
    public String toString() {
        return "RawData{" + description + ", pairs=" + pairs.size() + "}";
    }
}
