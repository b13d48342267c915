package labs.launcher.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A guest image's cache parts checked against their manifests ({@link PartManifest}) and the damaged ones taken out
 * of the cache, so that the next {@link GuestImageBuilder#build} makes them again. The messages name the cache
 * folder, so that a user who sees them knows which files were bad.
 */
public final class ImageRepair {
    private ImageRepair() {}

    /**
     * Takes a damaged part out of the way: renamed first (atomic, so no build sees it half deleted), then
     * deleted. A running QEMU keeps the files it has open. Another process may have taken it already.
     */
    static void discard(Path dir) throws IOException {
        Path aside = dir.resolveSibling(".tmp-damaged-" + dir.getFileName() + "-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        try {
            Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        KernelSource.deleteTree(aside);
    }

    /** The cache parts an image's files lie in: kernel, initramfs, root disk. */
    private static List<Path> partsOf(GuestImage img) {
        return List.of(img.kernel().getParent(), img.initrd().getParent(), img.rootDisk().getParent());
    }

    /**
     * The cheap check (sizes, small files' hashes) of an image recorded earlier, before booting it without a build:
     * what is damaged, naming the cache folder, or empty.
     */
    public static Optional<String> damage(GuestImage img) {
        for (Path part : partsOf(img)) {
            Optional<String> bad = PartManifest.damage(part, false);
            if (bad.isPresent()) {
                return Optional.of(part + ": " + bad.get());
            }
        }
        return Optional.empty();
    }

    /**
     * After a boot failed: every part of the image checked in full (SHA-256 of every file) and the damaged ones
     * removed, so that the next {@link #build} makes them again.
     *
     * @return what was damaged, naming the cache folders; empty when the image is intact (the failure lies elsewhere)
     */
    public static Optional<String> discardDamaged(GuestImage img) {
        List<String> found = new ArrayList<>();
        for (Path part : partsOf(img)) {
            Optional<String> bad = PartManifest.damage(part, true);
            if (bad.isPresent()) {
                found.add(part + ": " + bad.get());
                try {
                    discard(part);
                } catch (IOException e) {
                    found.add("could not remove it (" + e.getMessage() + "): rm -rf " + part);
                }
            }
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", found));
    }

    /** What is done with a kernel image once read. */
    interface KernelUse {
        void accept(KernelImage image) throws IOException;
    }

    /**
     * Reads the kernel image and hands it on; a truncated or damaged one (an unpacked package cut short by a full
     * disk, say) stops with its path and the command that makes labs fetch it again, not a bare EOFException.
     */
    static void kernelFrom(Path image, Path cacheRoot, KernelUse use) throws IOException {
        try {
            use.accept(KernelImage.read(image));
        } catch (IOException | RuntimeException e) {
            if (!unreadable(e)) {
                throw e;
            }
            Path kernels = cacheRoot.resolve("kernels").toAbsolutePath().normalize();
            Path abs = image.toAbsolutePath().normalize();
            String fix = abs.startsWith(kernels) && !abs.equals(kernels)
                    ? "remove the unpacked copy so that labs fetches the package again: rm -rf "
                            + kernels.resolve(kernels.relativize(abs).getName(0))
                    : "give an intact kernel image (--kernel PATH), or reinstall the kernel package it came from";
            throw new labs.common.LabsException("the kernel image " + image + " is truncated or damaged",
                    "reading it failed: " + e, fix);
        }
    }

    /** A cut or corrupt image (or its compressed payload), as opposed to a failure to write the part. */
    private static boolean unreadable(Exception e) {
        return e instanceof java.io.EOFException || e instanceof java.util.zip.ZipException
                || e instanceof IndexOutOfBoundsException || e instanceof java.nio.BufferUnderflowException
                || e.getClass().getName().startsWith("org.tukaani.xz.")
                || e.getClass().getName().contains("zstd")
                || String.valueOf(e.getMessage()).startsWith("not a bzImage");
    }
}
