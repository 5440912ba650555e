/* What one page fault costs on this machine, for docs/performance.md:
 *
 *   cc -O2 scripts/fault-cost.c -o /tmp/fault-cost && /tmp/fault-cost target/release/eb-advisor
 *
 * It touches 2,000 fresh anonymous pages (what a growing heap costs), then one byte in
 * every 64 KiB window of FILE mapped read-only (what running code of a program whose
 * pages are in the page cache costs: the kernel maps the 16 pages around a fault).
 */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>

static double micros(struct timespec a, struct timespec b) {
    return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: fault-cost FILE\n");
        return 2;
    }
    struct timespec start, end;
    const long pages = 2000, window = 16 * 4096;

    char *anon = mmap(0, pages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < pages; i++) anon[i * 4096] = 1;
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("anonymous page: %.2f us per fault (%ld faults)\n", micros(start, end) / pages, pages);

    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(argv[1]);
        return 2;
    }
    volatile char *file = mmap(0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    long windows = st.st_size / window;
    int sum = 0;
    for (long i = 0; i < windows; i++) sum += file[i * window]; /* into the page cache */
    munmap((void *)file, st.st_size);
    file = mmap(0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < windows; i++) sum += file[i * window];
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("file window (64 KiB, page cache): %.2f us per fault (%ld faults)\n",
           micros(start, end) / windows, windows);
    return sum == -1;
}
