#!/usr/bin/env bash
# libvirt-binding-vs-virsh.sh [URI] [CALLS]: what a libvirt call costs labs through the Java binding
# (org.libvirt:libvirt 0.5.2 on JNA, from Maven Central) against virsh as a child process, the two ways
# `labs vm --connect` could talk to libvirt. Needs a running libvirtd at URI (default qemu:///system). Prints the
# binding's first connect (loading JNA and libvirt.so), its later calls, and one virsh process per call.
# The binding is fetched into ~/.m2 (mvn dependency:get); it is not a dependency of labs.
set -euo pipefail
uri=${1:-qemu:///system}
calls=${2:-20}
jna=5.18.1
mvn -B -q dependency:get -Dartifact=org.libvirt:libvirt:0.5.2 >/dev/null
mvn -B -q dependency:get -Dartifact=net.java.dev.jna:jna:$jna >/dev/null
cp="$HOME/.m2/repository/org/libvirt/libvirt/0.5.2/libvirt-0.5.2.jar:$HOME/.m2/repository/net/java/dev/jna/jna/$jna/jna-$jna.jar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/B.java" <<'JAVA'
import org.libvirt.Connect;
public class B {
    public static void main(String[] a) throws Exception {
        String uri = a[0];
        int n = Integer.parseInt(a[1]);
        long t0 = System.nanoTime();
        Connect c = new Connect(uri);
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) { c.listDefinedDomains(); c.numOfDomains(); }
        long t2 = System.nanoTime();
        System.out.printf("binding: first connect %.0f ms, then %.2f ms per call%n", (t1 - t0) / 1e6,
                (t2 - t1) / 1e6 / (2 * n));
        long t3 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            new ProcessBuilder("virsh", "-q", "-c", uri, "list", "--all", "--name")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
        System.out.printf("virsh:   %.1f ms per call (one process each)%n", (System.nanoTime() - t3) / 1e6 / n);
    }
}
JAVA
javac -d "$work" -cp "$cp" "$work/B.java"
for round in 1 2 3; do java -cp "$cp:$work" B "$uri" "$calls"; done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
