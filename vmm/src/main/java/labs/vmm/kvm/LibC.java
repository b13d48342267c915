package labs.vmm.kvm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The few libc calls the KVM API needs. Request numbers above 0x7fffffff must be passed as NativeLong. */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDWR = 0x2;
    int O_CLOEXEC = 0x80000;
    int PROT_READ = 0x1;
    int PROT_WRITE = 0x2;
    int PROT_EXEC = 0x4;
    int MAP_SHARED = 0x01;
    int MAP_PRIVATE = 0x02;
    int MAP_ANONYMOUS = 0x20;
    int MAP_NORESERVE = 0x4000;
    int MADV_NOHUGEPAGE = 15;
    int EFD_CLOEXEC = 0x80000;
    int EFD_NONBLOCK = 0x800;
    int EINTR = 4;
    int EAGAIN = 11;
    int SIGUSR1 = 10;
    int SA_RESTART = 0x10000000;

    int open(String path, int flags);

    int close(int fd);

    int ioctl(int fd, NativeLong request, long arg);

    int ioctl(int fd, NativeLong request, Pointer arg);

    Pointer mmap(Pointer addr, NativeLong length, int prot, int flags, int fd, NativeLong offset);

    int munmap(Pointer addr, NativeLong length);

    int mprotect(Pointer addr, NativeLong length, int prot);

    int madvise(Pointer addr, NativeLong length, int advice);

    int eventfd(int initval, int flags);

    NativeLong read(int fd, Pointer buf, NativeLong count);

    NativeLong pread(int fd, Pointer buf, NativeLong count, NativeLong offset);

    /** glibc's sigaction: it fills in sa_restorer itself, so a handler may be a bare {@code ret}. */
    int sigaction(int signum, Pointer act, Pointer oldact);

    int getpid();

    long SYS_GETTID = 186;   // x86-64 syscall numbers: glibc wrappers for these two appeared only in 2.30
    long SYS_TGKILL = 234;

    /** syscall(2), for gettid and tgkill on any glibc. */
    long syscall(long number, Object... args);

    String strerror(int errnum);
}
