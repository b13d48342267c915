package labs.fio;

import java.util.List;

/** A whole fio JSON output file. */
public record FioOutput(String fioVersion, List<FioJobResult> jobs) {
    public int errors() {
        return jobs.stream().mapToInt(j -> j.error() != 0 ? 1 : 0).sum();
    }
}
