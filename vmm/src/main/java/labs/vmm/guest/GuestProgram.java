package labs.vmm.guest;

import java.util.List;

/**
 * A few bytes of x86-64 machine code for a tiny guest, with its assembly listing.
 *
 * @param name       short name for CSV rows and messages
 * @param code       the machine code, loaded at LongModeSetup.CODE
 * @param listing    offset, bytes and mnemonic of each instruction
 * @param operations how many times the timed part repeats its operation (loop iterations, exits, pages)
 */
public record GuestProgram(String name, byte[] code, List<String> listing, long operations) {
    public String listingText() {
        return name + ":\n" + String.join("\n", listing) + "\n";
    }
}
