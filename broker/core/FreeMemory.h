#pragma once

// releaseFreeMemory(): hands the memory malloc holds free back to the system.
//
// Recovering a large store builds and drops a lot of temporary objects
// (rows read, decoded contents, batches); malloc keeps what they freed for
// reuse, so right after a restart with a million queued messages the process
// looked twice as large as it needs to be. Called once recovery is done, and
// it works with whichever malloc the executable uses (app/CMakeLists.txt,
// DEPOT_MALLOC): tcmalloc's and mimalloc's own calls when they are there,
// glibc's malloc_trim otherwise.

#include <QString>

namespace depot::core {

// Returns which allocator's release ran ("tcmalloc", "mimalloc", "glibc"),
// for the log and the tests.
QString releaseFreeMemory();

} // namespace depot::core
