package org.genlab.common.checkpoint;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The binary file of a checkpoint's named arrays: magic "GENLABAR", format version, count, then per array its name,
 * dtype, shape and little-endian data, then a CRC32 of everything before it. A truncated or altered file fails the
 * CRC or hits end-of-file and is reported as such, never loaded half-way.
 */
final class ArrayFile {
    static final byte[] MAGIC = "GENLABAR".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int VERSION = 1;

    private ArrayFile() {
    }

    static void write(Path file, Map<String, INDArray> arrays) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
             OutputStream fos = Channels.newOutputStream(ch);
             CheckedOutputStream cos = new CheckedOutputStream(new BufferedOutputStream(fos, 1 << 20), new CRC32());
             DataOutputStream out = new DataOutputStream(cos)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(arrays.size());
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                INDArray a = e.getValue();
                out.writeUTF(e.getKey());
                DataType dt = a.dataType();
                out.writeUTF(dt.name());
                long[] shape = a.shape();
                out.writeInt(shape.length);
                for (long s : shape) out.writeLong(s);
                writeData(out, a);
            }
            out.flush();
            long crc = cos.getChecksum().getValue();
            out.writeLong(crc);
            out.flush();
            ch.force(true);
        }
    }

    private static void writeData(DataOutputStream out, INDArray a) throws IOException {
        INDArray c = a.dup('c');
        long n = c.length();
        switch (c.dataType()) {
            case DOUBLE -> {
                ByteBuffer bb = ByteBuffer.allocate(Math.toIntExact(n * 8)).order(ByteOrder.LITTLE_ENDIAN);
                bb.asDoubleBuffer().put(c.data().asDouble());
                out.write(bb.array());
            }
            case FLOAT -> {
                ByteBuffer bb = ByteBuffer.allocate(Math.toIntExact(n * 4)).order(ByteOrder.LITTLE_ENDIAN);
                bb.asFloatBuffer().put(c.data().asFloat());
                out.write(bb.array());
            }
            case INT -> {
                ByteBuffer bb = ByteBuffer.allocate(Math.toIntExact(n * 4)).order(ByteOrder.LITTLE_ENDIAN);
                bb.asIntBuffer().put(c.data().asInt());
                out.write(bb.array());
            }
            case LONG -> {
                ByteBuffer bb = ByteBuffer.allocate(Math.toIntExact(n * 8)).order(ByteOrder.LITTLE_ENDIAN);
                bb.asLongBuffer().put(c.data().asLong());
                out.write(bb.array());
            }
            default -> throw new IOException("cannot store arrays of type " + c.dataType());
        }
    }

    static Map<String, INDArray> read(Path file) throws IOException, CheckpointException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        try (InputStream fis = Files.newInputStream(file);
             CheckedInputStream cis = new CheckedInputStream(new BufferedInputStream(fis, 1 << 20), new CRC32());
             DataInputStream in = new DataInputStream(cis)) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new CheckpointException(file + " is not a genlab checkpoint file (bad magic bytes)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new CheckpointException(file + " has checkpoint format " + version + "; this genlab reads format " + VERSION);
            }
            int count = in.readInt();
            if (count < 0 || count > 1_000_000) throw new CheckpointException(file + " is corrupt (array count " + count + ")");
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                DataType dt = DataType.valueOf(in.readUTF());
                int rank = in.readInt();
                if (rank < 0 || rank > 32) throw new CheckpointException(file + " is corrupt (rank " + rank + " for " + name + ")");
                long[] shape = new long[rank];
                long n = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readLong();
                    n *= shape[d];
                }
                int width = (dt == DataType.DOUBLE || dt == DataType.LONG) ? 8 : 4;
                byte[] raw = new byte[Math.toIntExact(n * width)];
                in.readFully(raw);
                ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                INDArray a = switch (dt) {
                    case DOUBLE -> {
                        double[] d = new double[(int) n];
                        bb.asDoubleBuffer().get(d);
                        yield Nd4j.create(d, shape, DataType.DOUBLE);
                    }
                    case FLOAT -> {
                        float[] f = new float[(int) n];
                        bb.asFloatBuffer().get(f);
                        yield Nd4j.create(f, shape, 'c');
                    }
                    case INT -> {
                        int[] v = new int[(int) n];
                        bb.asIntBuffer().get(v);
                        yield Nd4j.createFromArray(v).reshape(shape);
                    }
                    case LONG -> {
                        long[] v = new long[(int) n];
                        bb.asLongBuffer().get(v);
                        yield Nd4j.createFromArray(v).reshape(shape);
                    }
                    default -> throw new CheckpointException(file + " holds unsupported type " + dt);
                };
                arrays.put(name, a);
            }
            long expected = cis.getChecksum().getValue();
            long stored = in.readLong();
            if (stored != expected) throw new CheckpointException(file + " is corrupt (checksum mismatch)");
            if (in.read() != -1) throw new CheckpointException(file + " is corrupt (trailing bytes)");
        } catch (EOFException e) {
            throw new CheckpointException(file + " is truncated (the run was probably killed while writing it)");
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + " is corrupt (" + e.getMessage() + ")");
        }
        return arrays;
    }
}
