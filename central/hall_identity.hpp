// The hall's id in the central store (schema/006_hall_identity.sql): read by the sync, set by the
// region before the hall's first sync.
#pragma once

#include <string>

#include "sqlite.hpp"

namespace hall::central {

std::string read_hall_id(sql::Database& hall);

// A hall id is a code: ASCII letters, digits, - and _, 1 to 32 characters (e.g. a county code).
bool is_hall_id(const std::string& id);

// Sets the hall's id. Throws std::invalid_argument for an id that is not a code.
void set_hall_id(sql::Database& hall, const std::string& id);

}  // namespace hall::central
