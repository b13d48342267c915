package labs.classroom;

import java.nio.file.Path;

/** A folder that could not be read as a run, with the reason: reported, never dropped silently. */
public record Malformed(String student, Path path, String why) {}
