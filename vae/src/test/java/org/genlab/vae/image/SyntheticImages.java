package org.genlab.vae.image;

import org.genlab.common.data.ImageDataset;
import org.genlab.common.data.ImageSet;
import org.genlab.common.random.Rng;

/** A small binary image set for tests that must not depend on installed data: one or two random bars per image. */
final class SyntheticImages {
    private SyntheticImages() {
    }

    static ImageSet bars(int n, int h, int w, long seed) {
        Rng rng = new Rng(seed);
        byte[] raw = new byte[n * h * w];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean horizontal = rng.nextDouble() < 0.5;
            int pos = rng.nextInt(horizontal ? h : w);
            labels[i] = horizontal ? pos : h + pos;
            for (int k = 0; k < (horizontal ? w : h); k++) {
                int r = horizontal ? pos : k, c = horizontal ? k : pos;
                raw[i * h * w + r * w + c] = 1;
            }
        }
        return new ImageSet(raw, labels, h, w, 1);
    }

    /** Grey bars for continuous-pixel likelihoods: bar pixels at levels 120..255 of 255, background at 0..15. */
    static ImageSet greyBars(int n, int h, int w, long seed) {
        ImageSet binary = bars(n, h, w, seed);
        Rng rng = new Rng(seed + 100);
        byte[] raw = new byte[n * h * w];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = binary.label(i);
            int bar = 120 + rng.nextInt(136);
            for (int p = 0; p < h * w; p++) {
                boolean on = binary.pixel(i, p) > 0.5f;
                raw[i * h * w + p] = (byte) (on ? bar : rng.nextInt(16));
            }
        }
        return new ImageSet(raw, labels, h, w, 255);
    }

    static ImageDataset greyDataset(int h, int w) {
        return new ImageDataset("grey-bars", greyBars(512, h, w, 1), greyBars(128, h, w, 2));
    }

    static ImageDataset dataset(int h, int w) {
        return new ImageDataset("bars", bars(512, h, w, 1), bars(128, h, w, 2));
    }
}
