#include "broker/core/FreeMemory.h"

#include <malloc.h>

// Declared weak: they resolve only when the executable links that allocator,
// and are null otherwise (so Depot needs neither library to build).
extern "C" {
void MallocExtension_ReleaseFreeMemory(void) __attribute__((weak));
void mi_collect(bool force) __attribute__((weak));
}

namespace depot::core {

QString releaseFreeMemory()
{
    if (MallocExtension_ReleaseFreeMemory) {
        MallocExtension_ReleaseFreeMemory();
        return QStringLiteral("tcmalloc");
    }
    if (mi_collect) {
        mi_collect(true);
        return QStringLiteral("mimalloc");
    }
#ifdef __GLIBC__
    malloc_trim(0);
    return QStringLiteral("glibc");
#else
    return QString();
#endif
}

} // namespace depot::core
