#pragma once
// The SQL of each schema migration, in order: script i brings the store from
// version i to i + 1. schema.cpp runs them; they live apart because they only
// ever grow.

#include <span>

namespace jxc::store {

std::span<const char* const> migration_scripts();

}  // namespace jxc::store
