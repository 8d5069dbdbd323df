#pragma once
// Connects the field app to an office: enrollment on first run and sync
// jobs (OfficeSyncJob) for sessions whose store is enrolled, both through
// `make_transport` (main.cpp: pinned HTTPS; tests: the same, on loopback).
// `worker_clock` stamps what the worker threads write; it must be safe to
// read from any thread (SystemClock).
#include "app.hpp"

namespace doorstep::field {

void connect_to_office(AppConfig& config, TransportFactory make_transport, const Clock& worker_clock,
                       sync::SyncOptions options = {});

}  // namespace doorstep::field
