package dev.mcs.service.model;

import dev.mcs.service.storage.BlobStore;
import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.format.onnx.OnnxFormatException;
import dev.mcs.shared.format.onnx.OnnxScan;
import dev.mcs.shared.format.onnx.OnnxStructureScanner;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.springframework.stereotype.Component;

/**
 * Detects a stored upload's format from its bytes and rejects what is clearly broken, without
 * loading any native engine: ONNX is walked as protobuf structure, TorchScript as a zip archive.
 * Whether the engine can really load the model is decided later by the inspection worker.
 */
@Component
class ModelFormatSniffer {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final BlobStore blobs;

    ModelFormatSniffer(BlobStore blobs) {
        this.blobs = blobs;
    }

    ModelFormat detect(String blobKey) throws IOException {
        byte[] head = readHead(blobKey);
        if (startsWith(head, ZIP_MAGIC)) {
            checkTorchScript(blobs.localPath(blobKey));
            return ModelFormat.TORCHSCRIPT;
        }
        if (OnnxStructureScanner.looksLikeOnnx(head)) {
            checkOnnx(blobKey);
            return ModelFormat.ONNX;
        }
        throw new ApiException(ProblemType.UNSUPPORTED_MODEL_FORMAT,
                "the upload is neither an ONNX model nor a TorchScript archive", Map.of("supportedFormats", ModelFormat.values()));
    }

    private void checkOnnx(String blobKey) throws IOException {
        OnnxScan scan;
        try (InputStream in = new BufferedInputStream(blobs.read(blobKey), 1 << 16)) {
            scan = OnnxStructureScanner.scan(in);
        } catch (OnnxFormatException e) {
            throw new ApiException(ProblemType.CORRUPT_MODEL, "corrupt ONNX model: " + e.getMessage());
        }
        if (scan.externalData()) {
            throw new ApiException(ProblemType.EXTERNAL_DATA_NOT_SUPPORTED,
                    "the model references external data files, which are not supported yet; "
                            + "save the model with all tensors inside the .onnx file",
                    Map.of("tensors", scan.externalDataTensors()));
        }
    }

    private static void checkTorchScript(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            boolean torchScript = Collections.list(zip.entries()).stream()
                    .map(ZipEntry::getName)
                    .anyMatch(name -> name.endsWith("/data.pkl") || name.endsWith("/constants.pkl"));
            if (!torchScript) {
                throw new ApiException(ProblemType.UNSUPPORTED_MODEL_FORMAT,
                        "the upload is a zip archive but not a TorchScript model (no data.pkl or constants.pkl)");
            }
        } catch (IOException e) {
            throw new ApiException(ProblemType.CORRUPT_MODEL, "corrupt TorchScript archive: " + e.getMessage());
        }
    }

    private byte[] readHead(String blobKey) throws IOException {
        try (InputStream in = blobs.read(blobKey)) {
            return in.readNBytes(16);
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
