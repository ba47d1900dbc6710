#include "app/HugePageHeap.h"

#ifdef DEPOT_MALLOC_TCMALLOC
#include <gperftools/malloc_extension.h>
#include <sys/mman.h>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#endif

namespace depot::app {

#ifdef DEPOT_MALLOC_TCMALLOC
namespace {

constexpr size_t kHugePage = size_t(2) << 20;
constexpr size_t kMiB = size_t(1) << 20;
// Below this much memory taken from the system the heap stays on 4 KiB
// pages: a heap of connections and small queues touches its spans sparsely,
// and a 2 MiB page is resident whole as soon as one byte of it is touched
// (bench_load's 1,100 connections: 274 MiB RSS instead of 161).
constexpr size_t kDefaultAfterMiB = 256;

// Asks tcmalloc's own system allocator (sbrk, then mmap) for whole, aligned
// 2 MiB pages and marks them MADV_HUGEPAGE once the heap has grown past
// `after` bytes: a queue growing by a gigabyte then takes a few hundred
// page faults instead of a quarter of a million.
class HugePageAllocator final : public SysAllocator
{
public:
    HugePageAllocator(SysAllocator *next, size_t after) : m_next(next), m_after(after) {}

    void *Alloc(size_t size, size_t *actualSize, size_t alignment) override
    {
        if (m_taken.load(std::memory_order_relaxed) < m_after) {
            void *p = m_next->Alloc(size, actualSize, alignment);
            if (p)
                m_taken.fetch_add(actualSize && *actualSize ? *actualSize : size, std::memory_order_relaxed);
            return p;
        }
        const size_t rounded = (size + kHugePage - 1) & ~(kHugePage - 1);
        size_t got = 0;
        void *p = m_next->Alloc(rounded, &got, alignment > kHugePage ? alignment : kHugePage);
        if (!p)
            return m_next->Alloc(size, actualSize, alignment);
        if (!got)
            got = rounded;
        madvise(p, got, MADV_HUGEPAGE);
        m_taken.fetch_add(got, std::memory_order_relaxed);
        if (actualSize)
            *actualSize = got;
        return p;
    }

private:
    SysAllocator *m_next;
    const size_t m_after;
    std::atomic<size_t> m_taken{0};
};

} // namespace
#endif

bool installHugePageHeap()
{
#ifdef DEPOT_MALLOC_TCMALLOC
    // DEPOT_HUGE_PAGES: 0 turns it off; a number N: huge pages once the
    // heap took N MiB from the system (default 256).
    size_t afterMiB = kDefaultAfterMiB;
    if (const char *env = std::getenv("DEPOT_HUGE_PAGES"); env && *env) {
        char *end = nullptr;
        const unsigned long long value = std::strtoull(env, &end, 10);
        if (end == env || *end != '\0') {
            // Not a number: said, and off rather than a guess.
            std::fprintf(stderr, "depot: DEPOT_HUGE_PAGES='%s' is not a number of MiB (0 turns huge pages off): "
                                 "huge pages are off\n", env);
            return false;
        }
        if (value == 0)
            return false;
        afterMiB = size_t(value);
    }
    SysAllocator *current = MallocExtension::instance()->GetSystemAllocator();
    if (!current)
        return false;
    static HugePageAllocator allocator(current, afterMiB * kMiB);
    MallocExtension::instance()->SetSystemAllocator(&allocator);
    return true;
#else
    return false;
#endif
}

} // namespace depot::app
