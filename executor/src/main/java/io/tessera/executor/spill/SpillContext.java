package io.tessera.executor.spill;

/**
 * What a spilling operator needs: its memory limit and where its temporary files go.
 *
 * @param workMemBytes the memory the operator's rows may take before it spills ({@link WorkMem}, in bytes)
 * @param temp the node's temporary directory
 */
public record SpillContext(long workMemBytes, TempDirectory temp) {
    public SpillContext {
        if (workMemBytes <= 0) {
            throw new IllegalArgumentException("work_mem " + workMemBytes + " bytes");
        }
    }

    /** {@code work_mem} of {@code kb} kilobytes (0: PostgreSQL's default) in this process's temporary directory. */
    public static SpillContext ofKb(int kb) {
        return new SpillContext(WorkMem.bytes(kb <= 0 ? WorkMem.DEFAULT_KB : kb), TempDirectory.process());
    }
}
