/*
 * vm_exit_bench.c: the C twin of labs' Java VMM (labs.vmm), for the side-by-side benchmark in run.sh.
 * Same guest machine code (dumped by labs.vmm.probe.BenchMain), same guest memory layout and register state
 * (labs.vmm.LongModeSetup), same protocol: time from the guest's MARK port write to its DONE port write, minus the
 * median MARK-to-DONE round trip. One fresh VM per run, as in the Java probes.
 *
 * usage: vm_exit_bench DIR CASE N REPS    CASE: port-io-user | mmio-user | port-io-ioeventfd | loop | host-loop
 * prints one line per repetition: "c CASE REP NS_PER_OP CPU_NS_PER_OP" (wall time, and CPU time of the thread
 * running KVM_RUN, which leaves out time spent waiting for a CPU on a busy machine)
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MEM (4UL << 20)
#define PML4 0x1000
#define PDPT 0x2000
#define PD 0x3000
#define GDT 0x4000
#define CODE 0x10000
#define DONE 0xf0
#define MARK 0xf1
#define DEVICE 0x20
#define DOORBELL 0x30
#define MMIO_ADDRESS 0x30000000UL

static int kvm;
static long run_size;

static void die(const char *what) { perror(what); exit(1); }

static uint8_t *load(const char *dir, const char *name, size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.bin", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) die(path);
    static uint8_t buf[4096];
    *len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return buf;
}

static long long clock_ns(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

struct timing { long long wall, cpu; };

static struct timing now(void) {
    struct timing t = {clock_ns(CLOCK_MONOTONIC), clock_ns(CLOCK_THREAD_CPUTIME_ID)};
    return t;
}

static void seg(struct kvm_segment *s, int sel, int type, int dpl, int code64) {
    memset(s, 0, sizeof *s);
    s->limit = 0xffffffff; s->selector = sel; s->type = type; s->present = 1; s->dpl = dpl;
    s->db = !code64; s->s = 1; s->l = code64; s->g = 1;
}

/* Runs code in a fresh VM; returns MARK-to-DONE time. *exits counts device exits. */
static struct timing run_guest(const uint8_t *code, size_t len, int doorbell, long *exits, long *rax) {
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0) die("KVM_CREATE_VM");
    uint8_t *mem = mmap(NULL, MEM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) die("mmap");
    madvise(mem, MEM, MADV_NOHUGEPAGE);
    struct kvm_userspace_memory_region r = {.slot = 0, .guest_phys_addr = 0, .memory_size = MEM,
                                            .userspace_addr = (uint64_t) mem};
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r) < 0) die("KVM_SET_USER_MEMORY_REGION");
    uint64_t *pt = (uint64_t *) mem;
    pt[PML4 / 8] = PDPT | 7;
    pt[PDPT / 8] = PD | 7;
    for (uint64_t i = 0; i < 512; i++) pt[PD / 8 + i] = (i << 21) | 0x87;
    uint64_t gdt[] = {0, 0, 0x00af9b000000ffffULL, 0x00cf93000000ffffULL, 0x00cffb000000ffffULL,
                      0x00cff3000000ffffULL, 0x00affb000000ffffULL};
    memcpy(mem + GDT, gdt, sizeof gdt);
    memcpy(mem + CODE, code, len);
    int efd = -1;
    if (doorbell) {
        efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        struct kvm_ioeventfd io = {.addr = DOORBELL, .len = 4, .fd = efd, .flags = KVM_IOEVENTFD_FLAG_PIO};
        if (ioctl(vm, KVM_IOEVENTFD, &io) < 0) die("KVM_IOEVENTFD");
    }
    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0) die("KVM_CREATE_VCPU");
    struct kvm_run *run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED) die("mmap kvm_run");
    struct kvm_sregs s;
    if (ioctl(vcpu, KVM_GET_SREGS, &s) < 0) die("KVM_GET_SREGS");
    s.cr0 = 0x80050033; s.cr3 = PML4; s.cr4 = 0x20; s.efer = 0x500;
    s.gdt.base = GDT; s.gdt.limit = sizeof gdt - 1;
    seg(&s.cs, 0x33, 11, 3, 1);
    seg(&s.ds, 0x2b, 3, 3, 0); s.es = s.fs = s.gs = s.ss = s.ds;
    if (ioctl(vcpu, KVM_SET_SREGS, &s) < 0) die("KVM_SET_SREGS");
    struct kvm_regs regs = {.rip = CODE, .rsp = 0x80000, .rflags = 0x3002};
    if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0) die("KVM_SET_REGS");

    struct timing mark = {0, 0}, done = {0, 0};
    *exits = 0;
    for (;;) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0) {
            if (errno == EINTR) continue;
            die("KVM_RUN");
        }
        if (run->exit_reason == KVM_EXIT_IO && run->io.direction == KVM_EXIT_IO_OUT) {
            uint16_t port = run->io.port;
            if (port == MARK) { mark = now(); continue; }
            if (port == DONE) { done = now(); break; }
            if (port == DEVICE) { (*exits)++; continue; }
        } else if (run->exit_reason == KVM_EXIT_MMIO && run->mmio.phys_addr == MMIO_ADDRESS) {
            (*exits)++;
            continue;
        }
        fprintf(stderr, "unexpected exit reason %u\n", run->exit_reason);
        exit(1);
    }
    if (ioctl(vcpu, KVM_GET_REGS, &regs) < 0) die("KVM_GET_REGS");
    *rax = regs.rax;
    if (doorbell) {
        uint64_t n = 0;
        if (read(efd, &n, 8) == 8) *exits = (long) n;
        close(efd);
    }
    munmap(run, run_size);
    close(vcpu);
    close(vm);
    munmap(mem, MEM);
    struct timing d = {done.wall - mark.wall, done.cpu - mark.cpu};
    return d;
}

static int cmp(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s DIR CASE N REPS\n", argv[0]); return 2; }
    const char *dir = argv[1], *cas = argv[2];
    long n = atol(argv[3]);
    int reps = atoi(argv[4]);
    kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) die("/dev/kvm");
    run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);

    if (strcmp(cas, "host-loop") == 0) {
        size_t len;
        uint8_t *code = load(dir, "host-loop", &len);
        void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        memcpy(page, code, len);
        mprotect(page, 4096, PROT_READ | PROT_EXEC);
        long (*fn)(void) = (long (*)(void)) page;
        for (int i = 1; i <= reps; i++) {
            struct timing t0 = now();
            long rax = fn();
            struct timing t1 = now();
            if (rax != n) { fprintf(stderr, "host loop returned %ld\n", rax); return 1; }
            printf("c %s %d %.4f %.4f\n", cas, i, (double) (t1.wall - t0.wall) / n, (double) (t1.cpu - t0.cpu) / n);
        }
        return 0;
    }

    size_t len;
    long exits, rax;
    long long rtw[9], rtc[9];
    uint8_t *md = load(dir, "mark-then-done", &len);
    uint8_t mdcopy[64];
    memcpy(mdcopy, md, len);
    for (int i = 0; i < 9; i++) {
        struct timing t = run_guest(mdcopy, len, 0, &exits, &rax);
        rtw[i] = t.wall;
        rtc[i] = t.cpu;
    }
    qsort(rtw, 9, sizeof rtw[0], cmp);
    qsort(rtc, 9, sizeof rtc[0], cmp);

    uint8_t *code = load(dir, cas, &len);
    int doorbell = strcmp(cas, "port-io-ioeventfd") == 0;
    run_guest(code, len, doorbell, &exits, &rax);   /* one run thrown away, as the Java side warms up */
    for (int i = 1; i <= reps; i++) {
        struct timing t = run_guest(code, len, doorbell, &exits, &rax);
        int loop = strcmp(cas, "loop") == 0;
        if (loop ? rax != n : exits != n) {
            fprintf(stderr, "%s: the guest did not do what was timed (rax %ld, exits %ld)\n", cas, rax, exits);
            return 1;
        }
        double wall = (double) (t.wall - rtw[4]) / n, cpu = (double) (t.cpu - rtc[4]) / n;
        printf("c %s %d %.4f %.4f\n", cas, i, wall < 0 ? 0 : wall, cpu < 0 ? 0 : cpu);
    }
    return 0;
}
