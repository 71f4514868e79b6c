package org.genlab.common.data;

/** A named image dataset with its train and test splits (e.g. MNIST: 60,000 + 10,000 images of 28×28). */
public record ImageDataset(String name, ImageSet train, ImageSet test) {
    public int height() {
        return train.height();
    }

    public int width() {
        return train.width();
    }

    public int dim() {
        return train.dim();
    }

    public int numClasses() {
        return Math.max(train.numClasses(), test.numClasses());
    }
}
