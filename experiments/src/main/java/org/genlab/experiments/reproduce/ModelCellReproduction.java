package org.genlab.experiments.reproduce;

import org.genlab.common.data.DataPaths;

import java.nio.file.Path;

/** A reproduction whose cells are plain model cells (train, evaluate, sample: {@link ModelCell}) with no extra scores. */
interface ModelCellReproduction extends Reproduction {
    @Override
    default String runCell(String cell, Path cellDir, DataPaths data) throws Exception {
        return ModelCell.runJson(cell, cellDir, data);
    }
}
