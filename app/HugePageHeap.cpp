#include "app/HugePageHeap.h"

#ifdef DEPOT_MALLOC_TCMALLOC
#include <gperftools/malloc_extension.h>
#include <sys/mman.h>
#include <cstdlib>
#include <cstring>
#endif

namespace depot::app {

#ifdef DEPOT_MALLOC_TCMALLOC
namespace {

constexpr size_t kHugePage = size_t(2) << 20;

// Asks tcmalloc's own system allocator (sbrk, then mmap) for whole, aligned
// 2 MiB pages and marks them MADV_HUGEPAGE: a queue growing by a gigabyte
// then takes 512 page faults instead of 262,144.
class HugePageAllocator final : public SysAllocator
{
public:
    explicit HugePageAllocator(SysAllocator *next) : m_next(next) {}

    void *Alloc(size_t size, size_t *actualSize, size_t alignment) override
    {
        const size_t rounded = (size + kHugePage - 1) & ~(kHugePage - 1);
        size_t got = 0;
        void *p = m_next->Alloc(rounded, &got, alignment > kHugePage ? alignment : kHugePage);
        if (!p)
            return m_next->Alloc(size, actualSize, alignment);
        madvise(p, got ? got : rounded, MADV_HUGEPAGE);
        if (actualSize)
            *actualSize = got ? got : rounded;
        return p;
    }

private:
    SysAllocator *m_next;
};

} // namespace
#endif

bool installHugePageHeap()
{
#ifdef DEPOT_MALLOC_TCMALLOC
    const char *env = std::getenv("DEPOT_HUGE_PAGES");
    if (env && std::strcmp(env, "0") == 0)
        return false;
    SysAllocator *current = MallocExtension::instance()->GetSystemAllocator();
    if (!current)
        return false;
    static HugePageAllocator allocator(current);
    MallocExtension::instance()->SetSystemAllocator(&allocator);
    return true;
#else
    return false;
#endif
}

} // namespace depot::app
