// ngspice_names.h -- names of ngspice's built-in devices.
//
// ngspice looks up `.model <name> <type>` case-insensitively and tries its
// built-in devices before OSDI ones, so a module named like a built-in
// device cannot be instantiated ("incorrect model type! Expected OSDI
// device"). The driver warns about such names.
#pragma once

#include <string>

namespace va {

bool isNgspiceBuiltinDevice(const std::string &moduleName);

}  // namespace va
