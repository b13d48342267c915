package labs.lab;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Which labs made a result: the version and the source commit written into build.properties when the jar was built
 * (Maven resource filtering; the commit from `git rev-parse HEAD`). A build without git, or from a folder
 * that is not a repository, leaves the placeholders unfilled: that reads as "unknown", never as a made-up value.
 *
 * @param dirty the working tree had uncommitted changes when it was built ("unknown" when not known)
 */
public record BuildInfo(String version, String commit, String dirty) {
    static final String UNKNOWN = "unknown";
    private static final String RESOURCE = "/labs/build.properties";

    /** The build this class was compiled in. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unreadable: every field reads as unknown below
        }
        return of(p);
    }

    static BuildInfo of(Properties p) {
        String changed = p.getProperty("changed", "${").strip();
        String commit = value(p, "commit");
        String dirty = commit.equals(UNKNOWN) || changed.contains("${") ? UNKNOWN : changed.isEmpty() ? "false" : "true";
        return new BuildInfo(value(p, "version"), commit.matches("[0-9a-f]{40,64}") ? commit : UNKNOWN, dirty);
    }

    /** A placeholder Maven left as it was (no such property at build time) is not a value. */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
    }

    /** meta.json's "labs commit": the commit, marked when the tree it was built from had changes. */
    public String commitLine() {
        return "true".equals(dirty) ? commit + " (with uncommitted changes)" : commit;
    }

    /** Records "labs" and "labs commit" in a meta.json versions map. */
    public void record(java.util.Map<String, String> versions) {
        versions.put("labs", version);
        versions.put("labs commit", commitLine());
    }
}
