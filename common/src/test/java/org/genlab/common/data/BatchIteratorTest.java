package org.genlab.common.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.genlab.common.UsageException;
import org.genlab.common.random.Rng;
import org.genlab.common.state.StateBundle;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BatchIteratorTest {
    /** 23 points whose x coordinate is their index, so a batch reveals which rows it holds. */
    private static PointSet indexed(int n) {
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) xy[2 * i] = i;
        return new PointSet("idx", xy);
    }

    /** Through JSON text, as a checkpoint file would carry it. */
    private static StateBundle roundTrip(StateBundle b) throws Exception {
        ObjectMapper om = new ObjectMapper();
        return new StateBundle((ObjectNode) om.readTree(om.writeValueAsString(b.meta())));
    }

    @Test
    void everyEpochIsAFreshPermutation() {
        int n = 23, bs = 5;
        BatchIterator it = new BatchIterator(indexed(n), bs, false, new Rng(1), DataType.FLOAT);
        assertEquals(5, it.batchesPerEpoch());
        List<int[]> epochs = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            assertEquals(e, it.epoch());
            int[] seen = new int[n];
            List<Integer> order = new ArrayList<>();
            for (int b = 0; b < 5; b++) {
                Batch batch = it.next();
                assertEquals(b == 4 ? 3 : 5, batch.size());
                for (int k = 0; k < batch.size(); k++) {
                    int row = (int) batch.x().getDouble(k, 0);
                    assertEquals(batch.indices()[k], row);
                    seen[row]++;
                    order.add(row);
                }
            }
            for (int c : seen) assertEquals(1, c);
            epochs.add(order.stream().mapToInt(Integer::intValue).toArray());
        }
        assertFalse(Arrays.equals(epochs.get(0), epochs.get(1)));
        assertFalse(Arrays.equals(epochs.get(1), epochs.get(2)));
    }

    @Test
    void dropLastGivesOnlyFullBatches() {
        BatchIterator it = new BatchIterator(indexed(23), 5, true, new Rng(2), DataType.DOUBLE);
        assertEquals(4, it.batchesPerEpoch());
        for (int b = 0; b < 12; b++) {
            assertEquals(b / 4, it.epoch());
            Batch batch = it.next();
            assertEquals(5, batch.size());
            assertEquals(DataType.DOUBLE, batch.x().dataType());
        }
        assertThrows(UsageException.class, () -> new BatchIterator(indexed(3), 5, true, new Rng(2), DataType.FLOAT));
    }

    @Test
    void resumedIteratorSeesExactlyTheSameBatches() throws Exception {
        int n = 23, bs = 5;
        // Resume points: before any batch, mid-epoch, exactly at an epoch end, just after it.
        for (int stop : new int[]{0, 3, 5, 6, 11}) {
            BatchIterator a = new BatchIterator(indexed(n), bs, false, new Rng(7), DataType.FLOAT, "data.train");
            for (int i = 0; i < stop; i++) a.next();
            StateBundle saved = new StateBundle();
            a.writeState(saved);
            long epochAtSave = a.epoch();
            int batchAtSave = a.batchInEpoch();
            assertEquals(stop / 5, epochAtSave);
            assertEquals(stop % 5, batchAtSave);
            List<int[]> expected = new ArrayList<>();
            for (int i = 0; i < 12; i++) expected.add(a.nextIndices());

            // A fresh run with a differently seeded Rng: everything must come from the checkpoint.
            BatchIterator b = new BatchIterator(indexed(n), bs, false, new Rng(999), DataType.FLOAT, "data.train");
            b.readState(roundTrip(saved));
            assertEquals(epochAtSave, b.epoch());
            assertEquals(batchAtSave, b.batchInEpoch());
            for (int i = 0; i < 12; i++) assertArrayEquals(expected.get(i), b.nextIndices(), "stop " + stop + ", batch " + i);
        }
    }

    @Test
    void resumeChecksDatasetAndBatchSize() {
        BatchIterator a = new BatchIterator(indexed(23), 5, false, new Rng(7), DataType.FLOAT);
        a.next();
        StateBundle s = new StateBundle();
        a.writeState(s);
        BatchIterator other = new BatchIterator(indexed(24), 5, false, new Rng(7), DataType.FLOAT);
        UsageException e = assertThrows(UsageException.class, () -> other.readState(s));
        assertTrue(e.getMessage().contains("23 examples"), e.getMessage());
    }

    @Test
    void inOrderCoversEverythingOnce() {
        int total = 0, expect = 0;
        for (Batch b : BatchIterator.inOrder(indexed(23), 10, DataType.FLOAT)) {
            for (int k = 0; k < b.size(); k++) assertEquals(expect++, (int) b.x().getDouble(k, 0));
            total += b.size();
        }
        assertEquals(23, total);
    }

    @Test
    void toySamplerResumesWithTheSamePoints() throws Exception {
        ToySampler a = new ToySampler(Toy2d.of(Toy2d.GAUSSIANS_8), 64, new Rng(3), DataType.FLOAT);
        a.next();
        a.next();
        StateBundle s = new StateBundle();
        a.writeState(s);
        INDArray next1 = a.next(), next2 = a.next();
        ToySampler b = new ToySampler(Toy2d.of(Toy2d.GAUSSIANS_8), 64, new Rng(12345), DataType.FLOAT);
        b.readState(roundTrip(s));
        assertEquals(2, b.batchesDrawn());
        assertEquals(next1, b.next());
        assertEquals(next2, b.next());
        assertNotEquals(next1, next2);
        ToySampler wrong = new ToySampler(Toy2d.of(Toy2d.MOONS), 64, new Rng(3), DataType.FLOAT);
        assertThrows(UsageException.class, () -> wrong.readState(s));
    }
}
