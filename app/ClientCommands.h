#pragma once

// ClientCommands: `depot export` and `depot import`, run against a Depot
// that is already running, over its HTTP API (the routes in
// broker/http/ExportRoutes.cpp). No broker is started here.
//
// Export streams the answer straight to standard output or to a file made
// 0600 before its first byte (store::openPrivateFile); an answer cut short
// (Depot stopped, the queue deleted) removes the file and fails. Import
// checks the whole file with the same reader Depot uses before sending
// anything, then sends it in batches that Depot commits whole or not at
// all, in order, each one only after the last was committed; so when Depot
// stops half-way the queue holds exactly the file's first N messages, and
// the line printed says which N and how to go on (--skip).

#include "app/ClientCommandLine.h"

namespace depot::app {

// Exit codes: 0 done, 1 failed (no Depot answering, refused, cut short).
int runClientCommand(const ClientOptions &options);

} // namespace depot::app
