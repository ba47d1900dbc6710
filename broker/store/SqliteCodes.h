#pragma once

// SQLite's primary result codes that say the storage, not the statement, is
// at fault (and a constraint), as the store's writer reads them from
// QSqlError (StoreWriter.cpp) and maps its own commit check's errors onto
// them (StoreWriterCheck.cpp).

namespace depot::store::sqlite {

constexpr int ReadOnly = 8;
constexpr int IoErr = 10;
constexpr int Full = 13;
constexpr int CantOpen = 14;
constexpr int Constraint = 19;

} // namespace depot::store::sqlite
