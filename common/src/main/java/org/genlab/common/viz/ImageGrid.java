package org.genlab.common.viz;

import org.genlab.common.UsageException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A PNG grid of same-sized images (samples, reconstructions, data), grayscale (1 channel) or RGB (3 channels,
 * channel-major CHW layout as in NCHW tensors). Values are mapped from a {@link PixelRange} and clamped; NaN pixels
 * are drawn magenta so a diverged model is visible at a glance instead of looking black. Cells are separated by
 * {@link #padding(int)} pixels of mid gray, which is neither black nor white, so cell borders stay visible.
 *
 * <pre>ImageGrid.of(samples).range(PixelRange.MINUS_ONE_ONE).columns(8).writePng(out.resolve("samples.png"));</pre>
 */
public final class ImageGrid {
    static final int PADDING_RGB = 0x808080;
    static final int NAN_RGB = 0xFF00FF;

    private final float[] data;
    private final int n, channels, height, width;
    private PixelRange range = PixelRange.ZERO_ONE;
    private int rows, cols, padding = 2, scale;

    private ImageGrid(float[] data, int n, int channels, int height, int width) {
        if (n <= 0) throw new UsageException("image grid got no images; pass at least one image");
        if (channels != 1 && channels != 3) {
            throw new UsageException("image grid supports 1 (grayscale) or 3 (RGB) channels, got " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new UsageException("image grid needs positive image height and width, got " + height + "x" + width);
        }
        this.data = data;
        this.n = n;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /**
     * Images as [n, c, h, w] (c = 1 or 3) or [n, h, w] (grayscale). Channel-last [n, h, w, c] is rejected with a
     * hint, because guessing the layout would silently scramble pictures.
     */
    public static ImageGrid of(INDArray images) {
        if (images == null) throw new UsageException("image grid got null instead of an image array");
        long[] s = images.shape();
        if (s.length == 3) return new ImageGrid(flatten(images), dim(s[0]), 1, dim(s[1]), dim(s[2]));
        if (s.length != 4) {
            throw new UsageException("image grid expects an array of shape [n, c, h, w] or [n, h, w], got "
                    + Arrays.toString(s) + "; for flat rows [n, h*w] use ImageGrid.ofFlat(images, h, w)");
        }
        if (s[1] != 1 && s[1] != 3) {
            String hint = (s[3] == 1 || s[3] == 3) ? "; it looks channel-last, use images.permute(0, 3, 1, 2)" : "";
            throw new UsageException("image grid expects [n, c, h, w] with c = 1 or 3, got "
                    + Arrays.toString(s) + hint);
        }
        return new ImageGrid(flatten(images), dim(s[0]), dim(s[1]), dim(s[2]), dim(s[3]));
    }

    /** Images as flat rows [n, h*w] (grayscale) or [n, 3*h*w] (RGB, channel-major). */
    public static ImageGrid ofFlat(INDArray images, int height, int width) {
        if (images == null) throw new UsageException("image grid got null instead of an image array");
        long[] s = images.shape();
        if (s.length != 2) {
            throw new UsageException("ImageGrid.ofFlat expects a matrix [n, h*w], got shape " + Arrays.toString(s));
        }
        int channels = channelsOf(dim(s[1]), height, width);
        return new ImageGrid(flatten(images), dim(s[0]), channels, height, width);
    }

    /** Images as rows of h*w (grayscale) or 3*h*w (RGB, channel-major) floats; all rows must have that length. */
    public static ImageGrid ofFloats(float[][] images, int height, int width) {
        if (images == null || images.length == 0) {
            throw new UsageException("image grid got no images; pass at least one image");
        }
        if (images[0] == null) throw new UsageException("image grid: image 0 is null");
        int len = images[0].length;
        int channels = channelsOf(len, height, width);
        float[] flat = new float[images.length * len];
        for (int i = 0; i < images.length; i++) {
            if (images[i] == null || images[i].length != len) {
                throw new UsageException("image grid: image " + i + " has "
                        + (images[i] == null ? "no data" : images[i].length + " values") + ", expected " + len);
            }
            System.arraycopy(images[i], 0, flat, i * len, len);
        }
        return new ImageGrid(flat, images.length, channels, height, width);
    }

    public ImageGrid range(PixelRange range) {
        if (range == null) throw new UsageException("image grid: pixel range must not be null");
        this.range = range;
        return this;
    }

    /** Number of columns; rows follow. When both rows and columns are set, only the first rows*columns images show. */
    public ImageGrid columns(int cols) {
        this.cols = positive(cols, "columns");
        return this;
    }

    public ImageGrid rows(int rows) {
        this.rows = positive(rows, "rows");
        return this;
    }

    /** Gap in output pixels between cells and around the grid (default 2). */
    public ImageGrid padding(int padding) {
        if (padding < 0) throw new UsageException("image grid padding must be >= 0, got " + padding);
        this.padding = padding;
        return this;
    }

    /**
     * Integer nearest-neighbour upscale of every image. Default: automatic, the largest factor that keeps each cell
     * at most 64 pixels (28x28 MNIST gets 2, 64x64 gets 1), so tiny images are viewable without blurring.
     */
    public ImageGrid scale(int scale) {
        this.scale = positive(scale, "scale");
        return this;
    }

    /** {columns, rows} of the grid as it will be drawn. */
    int[] layout() {
        int c = cols, r = rows;
        if (c == 0 && r == 0) {
            c = (int) Math.ceil(Math.sqrt(n));
            r = (n + c - 1) / c;
        } else if (r == 0) {
            r = (n + c - 1) / c;
        } else if (c == 0) {
            c = (n + r - 1) / r;
        }
        return new int[] {c, r};
    }

    int effectiveScale() {
        return scale > 0 ? scale : Math.max(1, 64 / Math.max(height, width));
    }

    public BufferedImage render() {
        int[] lay = layout();
        int c = lay[0], r = lay[1];
        int k = effectiveScale();
        int cellW = width * k, cellH = height * k;
        long outW = (long) c * cellW + (long) (c + 1) * padding;
        long outH = (long) r * cellH + (long) (r + 1) * padding;
        if (outW * outH > 200_000_000L) {
            throw new UsageException("image grid would be " + outW + "x" + outH + " pixels; show fewer images"
                    + " or use a smaller scale");
        }
        BufferedImage img = new BufferedImage((int) outW, (int) outH, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[(int) outW];
        Arrays.fill(row, PADDING_RGB);
        for (int y = 0; y < outH; y++) img.setRGB(0, y, (int) outW, 1, row, 0, (int) outW);

        int shown = Math.min(n, c * r);
        int plane = height * width;
        for (int i = 0; i < shown; i++) {
            int x0 = padding + (i % c) * (cellW + padding);
            int y0 = padding + (i / c) * (cellH + padding);
            int base = i * channels * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int rgb = pixel(base + y * width + x, plane);
                    for (int dy = 0; dy < k; dy++) {
                        for (int dx = 0; dx < k; dx++) img.setRGB(x0 + x * k + dx, y0 + y * k + dy, rgb);
                    }
                }
            }
        }
        return img;
    }

    public void writePng(Path file) {
        PngFiles.write(render(), file);
    }

    private int pixel(int idx, int plane) {
        if (channels == 1) {
            float v = data[idx];
            if (Float.isNaN(v)) return NAN_RGB;
            int g = range.toByte(v);
            return g << 16 | g << 8 | g;
        }
        float rv = data[idx], gv = data[idx + plane], bv = data[idx + 2 * plane];
        if (Float.isNaN(rv) || Float.isNaN(gv) || Float.isNaN(bv)) return NAN_RGB;
        return range.toByte(rv) << 16 | range.toByte(gv) << 8 | range.toByte(bv);
    }

    private static int channelsOf(int len, int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new UsageException("image grid needs positive image height and width, got " + height + "x" + width);
        }
        int plane = height * width;
        if (len == plane) return 1;
        if (len == 3 * plane) return 3;
        throw new UsageException("image grid: rows of " + len + " values do not fit " + height + "x" + width
                + " images (expected " + plane + " for grayscale or " + 3 * plane + " for RGB)");
    }

    private static float[] flatten(INDArray images) {
        if (images.length() == 0) throw new UsageException("image grid got an empty array; pass at least one image");
        INDArray f = images.dataType() == DataType.FLOAT ? images : images.castTo(DataType.FLOAT);
        return Nd4j.toFlattened('c', f).toFloatVector();
    }

    private static int dim(long d) {
        if (d > Integer.MAX_VALUE) throw new UsageException("image grid: dimension " + d + " is too large");
        return (int) d;
    }

    private static int positive(int v, String what) {
        if (v <= 0) throw new UsageException("image grid " + what + " must be positive, got " + v);
        return v;
    }
}
