package dev.mcs.worker.engine;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch's switch for its oneDNN (mkldnn) Conv path, {@code at::Context::setUserEnabledMkldnn}, called through
 * JNA (a DJL dependency) because DJL's JNI layer exposes none. On this project's AMD EPYC (AVX-512) the oneDNN
 * 3.7.1 path inside libtorch 2.7.1 gave wrong Conv outputs and input gradients from batch 2 up whenever a channel
 * count left a padded 16-channel block (docs/training.md); libtorch's own Conv kernels, which it uses with the switch
 * off, were exact. Only the loaded libtorch's exported C++ symbols are used; they are fixed by the DJL natives jar.
 */
final class OneDnnSwitch {

    private static final Logger log = LoggerFactory.getLogger(OneDnnSwitch.class);
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final String IS_ENABLED = "_ZNK2at7Context17userEnabledMkldnnEv";
    private static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";

    /** Set once the symbols were not found, so that the warning is logged once. */
    private static volatile boolean unavailable;

    private OneDnnSwitch() {}

    /**
     * Turns libtorch's oneDNN Conv path on or off for this process; libtorch must be loaded. When this libtorch build
     * lacks the symbols, logs that once and changes nothing.
     */
    static void set(boolean on) {
        if (unavailable) {
            return;
        }
        try {
            NativeLibrary torch = libtorch();
            Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
            torch.getFunction(SET_ENABLED).invokeVoid(new Object[] {context, on});
            // Next after oneDNN, libtorch tries NNPACK for a batch of 16 or more without gradients; it does not run on
            // this CPU and logged a warning at every such Conv. Its own kernels come after it.
            torch.getFunction(SET_NNPACK).invokeVoid(new Object[] {context, false});
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            unavailable = true;
            log.warn("libtorch's oneDNN Conv path could not be switched ({}); TorchScript Convs may compute wrong"
                    + " results on CPUs where that path is faulty", e.toString());
        }
    }

    /** Whether the oneDNN Conv path is on in this process's libtorch (loaded already). */
    static boolean isOn() {
        NativeLibrary torch = libtorch();
        Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
        // A C++ bool comes back in the low byte of the return register.
        return (torch.getFunction(IS_ENABLED).invokeInt(new Object[] {context}) & 0xff) != 0;
    }

    /** The libtorch library DJL loaded: opening the same file again returns the loaded one. */
    private static NativeLibrary libtorch() {
        return NativeLibrary.getInstance(Path.of(LibUtils.getLibtorchPath())
                .resolve(System.mapLibraryName("torch_cpu")).toString());
    }
}
