#include "ngspice_names.h"

#include <strings.h>

namespace va {

bool isNgspiceBuiltinDevice(const std::string &name) {
    // DEVpublic.name of the devices compiled into ngspice 46.
    static const char *const kNames[] = {
        "ASRC", "BJT", "BSIM1", "BSIM2", "BSIM3", "B3SOIDD", "B3SOIFD", "B3SOIPD", "BSIM3v0", "BSIM3v1",
        "BSIM3v32", "BSIM4", "BSIM4v5", "BSIM4v6", "BSIM4v7", "B4SOI", "Capacitor", "CCCS", "CCVS",
        "CplLines", "CSwitch", "Diode", "HFET1", "HFET2", "hicum2", "HiSIM2", "HiSIMHV1", "HiSIMHV2",
        "Inductor", "mutual", "Isource", "JFET", "JFET2", "LTRA", "MES", "MESA", "Mos1", "Mos2", "Mos3",
        "Mos6", "Mos9", "NBJT", "NBJT2", "NDEV", "NUMD", "NUMD2", "NUMOS", "Resistor", "SOI3", "Switch",
        "Tranline", "TransLine", "URC", "VBIC", "VCCS", "VCVS", "VDMOS", "Vsource"};
    for (const char *n : kNames)
        if (strcasecmp(n, name.c_str()) == 0) return true;
    return false;
}

}  // namespace va
