import com.sun.jna.Library;
import com.sun.jna.Native;

/** The least a JNA call costs a fresh JVM: load libc, call getpid (bench/startup-floor.sh). */
public class JnaHello {
    public interface C extends Library {
        int getpid();
    }

    public static void main(String[] args) {
        System.out.println(Native.load("c", C.class).getpid());
    }
}
