/** The least a Java command can do: print a line (bench/startup-floor.sh). */
public class Plain {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
