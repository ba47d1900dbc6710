#pragma once

// Helpers shared by Depot's tests.

#include <QString>

namespace depot::test {

// Path of the built `depot` executable (from the DEPOT_BINARY environment
// variable that CTest sets).
QString depotBinary();

// A loopback TCP port that was free a moment ago.
quint16 freePort();

} // namespace depot::test
