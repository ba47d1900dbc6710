#pragma once

namespace depot::app {

// Backs tcmalloc's heap with transparent huge pages where the kernel offers
// them on request (docs/performance.md, "Huge pages for the heap").
// Returns false (and changes nothing) when depot was built with another
// malloc or DEPOT_HUGE_PAGES=0 is set.
bool installHugePageHeap();

} // namespace depot::app
