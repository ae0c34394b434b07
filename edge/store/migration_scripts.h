#pragma once
// The SQL of each schema migration, in order: script i brings the store from
// version i to i + 1. schema.cpp runs them; they live apart because they only
// ever grow, in three files: 1 to 12 in migration_scripts.cpp, 13 to 23 in
// migration_scripts_from13.cpp, 24 on in migration_scripts_from24.cpp (append
// new ones there).

#include <span>

namespace jxc::store {

std::span<const char* const> migration_scripts();

/// The three files' scripts, joined in order by migration_scripts().
std::span<const char* const> migration_scripts_to_12();
std::span<const char* const> migration_scripts_from_13();
std::span<const char* const> migration_scripts_from_24();

}  // namespace jxc::store
