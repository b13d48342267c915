package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;

/** libvirt's own schema check of a domain XML (virt-xml-validate), for the tests of both renderings. */
public final class VirtXmlValidate {
    private VirtXmlValidate() {}

    /** Asserts that virt-xml-validate accepts xml (written to dir/domain.xml); skips when the tool is missing. */
    public static void domain(Path dir, String xml) throws Exception {
        Path validator = HostRunner.which("virt-xml-validate");
        assumeTrue(validator != null && HostRunner.which("xmllint") != null,
                "virt-xml-validate needs: sudo apt-get install -y libvirt-clients libxml2-utils");
        Path file = Files.writeString(dir.resolve("domain.xml"), xml);
        ExecResult r = HostRunner.INSTANCE.exec(List.of(validator.toString(), file.toString(), "domain"),
                Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), "virt-xml-validate: " + r.stdout() + r.stderr() + "\n" + xml);
    }
}
