#include "edge/inventory/caught.h"

#include <exception>

namespace jxc::inventory {

std::string caught_exception_text() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception of a type other than std::exception";
  }
}

}  // namespace jxc::inventory
